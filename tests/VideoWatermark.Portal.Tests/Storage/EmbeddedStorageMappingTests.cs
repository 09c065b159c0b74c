using System.Net;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Portal.Storage;
using VideoWatermark.Storage;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Portal.Tests.Storage;

/// <summary>The portal serves the embedded store's URLs only when the embedded store is the one in use.</summary>
public sealed class EmbeddedStorageMappingTests(S3rverServer s3) : IClassFixture<S3rverServer>
{
    [Fact]
    public async Task With_S3_the_embedded_endpoints_are_not_mapped()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(s3.StorageSettings);
        builder.Services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey));
        builder.Services.AddObjectStore(builder.Configuration);
        await using var app = builder.Build();
        app.MapEmbeddedStorage();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var response = await http.GetAsync("/storage/blobs/anything");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await app.StopAsync();
    }
}
