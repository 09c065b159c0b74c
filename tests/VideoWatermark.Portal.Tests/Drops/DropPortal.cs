using Amazon.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace VideoWatermark.Portal.Tests.Drops;

/// <summary>
/// The real portal over an S3-compatible server, workers local and no Lambda: the configuration where only the
/// poller and notifications can notice a drop. A second one over the same bucket is the portal restarted.
/// </summary>
public sealed class DropPortal(DropTarget target, string workDir, double pollSeconds, string? dropQueueUrl = null) : WebApplicationFactory<Program>
{
    public const string Secret = "drop-test-secret";

    private readonly TempFolder data = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("VideoWatermark:DataDir", data.Path);
        foreach (var (key, value) in target.StorageSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("VideoWatermark:Pipeline:Kind", "Local");
        builder.UseSetting("VideoWatermark:Pipeline:Workers", "1");
        builder.UseSetting("VideoWatermark:Pipeline:WorkDir", workDir);
        builder.UseSetting("VideoWatermark:Pipeline:PollSeconds", pollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("VideoWatermark:Pipeline:NotificationSecret", Secret);
        builder.UseSetting("VideoWatermark:Engine:Preset", "ultrafast");
        if (dropQueueUrl is not null)
        {
            builder.UseSetting("VideoWatermark:Pipeline:DropQueueUrl", dropQueueUrl);
        }

        builder.ConfigureTestServices(services =>
            services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(target.AccessKeyId, target.SecretAccessKey)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            data.Dispose();
        }
    }
}
