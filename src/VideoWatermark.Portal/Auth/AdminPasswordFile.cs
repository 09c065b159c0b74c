using System.Text.Json;
using VideoWatermark.Storage;

namespace VideoWatermark.Portal.Auth;

/// <summary>
/// Where <c>set-admin-password</c> keeps the built-in admin's password hash: <c>.portal/admin.json</c> in the data
/// folder, a name the embedded store refuses as a key, so no signed URL or listing can reach it.
/// </summary>
public static class AdminPasswordFile
{
    public const string Folder = ".portal";

    public static string PathIn(IConfiguration configuration, string contentRoot)
    {
        var dataDir = configuration[ObjectStoreServiceCollectionExtensions.DataDirKey] is { Length: > 0 } configured
            ? configured
            : ObjectStoreServiceCollectionExtensions.DefaultDataDir;
        return Path.Combine(Path.GetFullPath(dataDir, contentRoot), Folder, "admin.json");
    }

    /// <summary>The stored hash, or null when none was set.</summary>
    public static string? Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<Stored>(stream)?.PasswordHash is { Length: > 0 } hash ? hash : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not a password file ({e.Message}); run set-admin-password again.", e);
        }
    }

    /// <summary>Writes through a temporary file readable by this user alone, then moves it into place.</summary>
    public static void Write(string path, string hash, DateTimeOffset now)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".admin-{Guid.NewGuid():n}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, new Stored(AdminAccount.UserName, hash, now));
        }

        File.Move(temp, path, overwrite: true);
    }

    private sealed record Stored(string UserName, string PasswordHash, DateTimeOffset SetAt);
}
