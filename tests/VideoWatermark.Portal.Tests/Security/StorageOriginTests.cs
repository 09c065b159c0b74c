using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Security;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Storage;

namespace VideoWatermark.Portal.Tests.Security;

/// <summary>
/// The policy lets the browser reach exactly the origin the store's signed URLs point at: the S3 endpoint (path-style
/// for an S3-compatible server, the bucket's virtual host on AWS) or the disk store's public base URL.
/// </summary>
public sealed class StorageOriginTests
{
    [Fact]
    public async Task An_S3_compatible_endpoint_is_allowed_for_uploads_playback_and_images()
    {
        var origin = await OriginOf(new()
        {
            ["VideoWatermark:Storage:Kind"] = "S3",
            ["VideoWatermark:Storage:Bucket"] = "videos",
            ["VideoWatermark:Storage:ServiceUrl"] = "http://127.0.0.1:4569",
            ["VideoWatermark:Storage:Region"] = "us-east-1",
        });

        Assert.Equal("http://127.0.0.1:4569", origin);
        var csp = ContentSecurityPolicy.Build(origin);
        Assert.Contains("connect-src 'self' http://127.0.0.1:4569;", csp, StringComparison.Ordinal);
        Assert.Contains("media-src 'self' blob: http://127.0.0.1:4569;", csp, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data: blob: http://127.0.0.1:4569;", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_AWS_it_is_the_bucket_s_regional_virtual_host()
    {
        var origin = await OriginOf(new()
        {
            ["VideoWatermark:Storage:Kind"] = "S3",
            ["VideoWatermark:Storage:Bucket"] = "my-videos",
            ["VideoWatermark:Storage:Region"] = "eu-west-1",
        });

        Assert.Equal("https://my-videos.s3.eu-west-1.amazonaws.com", origin);
    }

    [Fact]
    public async Task The_disk_store_adds_its_public_base_url_or_nothing()
    {
        using var data = new TempFolder();
        Assert.Null(await OriginOf(new() { ["VideoWatermark:DataDir"] = data.Path }));
        Assert.Equal("https://files.example:8443", await OriginOf(new()
        {
            ["VideoWatermark:DataDir"] = data.Path,
            ["VideoWatermark:Storage:PublicBaseUrl"] = "https://files.example:8443/portal/",
        }));
    }

    private static async Task<string?> OriginOf(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials("AKIDEXAMPLE", "secret"));
        services.AddObjectStore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var provider = services.BuildServiceProvider();
        return await new StorageOrigin(provider.GetRequiredService<IObjectStore>(), NullLogger<StorageOrigin>.Instance).GetAsync();
    }
}
