using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage;

namespace VideoWatermark.Portal.Auth;

/// <summary>
/// Where the keys behind cookies and antiforgery tokens are kept: with the bucket on S3 (<see cref="StoreXmlRepository"/>),
/// so several portal tasks and their replacements accept each other's cookies; in the data folder's private
/// <c>.portal/keys</c> otherwise, so a restart on one machine keeps users signed in as well.
/// </summary>
public static class PortalDataProtection
{
    /// <summary>The same for every instance: it separates this app's keys and payloads from any other's.</summary>
    public const string ApplicationName = "VideoWatermark.Portal";

    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Kind == StorageKind.S3)
        {
            services.AddOptions<KeyManagementOptions>()
                .Configure<IObjectStore>((options, store) => options.XmlRepository = new StoreXmlRepository(store));
            return services;
        }

        // Beside admin.json, in the folder the embedded store refuses to serve or list.
        var folder = Path.Combine(Path.GetDirectoryName(AdminPasswordFile.PathIn(configuration, contentRoot))!, "keys");
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        builder.PersistKeysToFileSystem(new DirectoryInfo(folder));
        return services;
    }
}
