using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Drops;

/// <summary>
/// A recipient batch over an S3-compatible server (s3rver) with local workers and no Lambda: the upload is found by the
/// poller, every recipient's job runs, and the ZIP and the manifest's links come straight from the bucket.
/// </summary>
public sealed class BatchOnS3Tests : IAsyncLifetime
{
    private readonly TempFolder temp = new("batch-s3");
    private DropTarget target = null!;

    public async Task InitializeAsync() => target = await DropTarget.S3rverAsync();

    public async Task DisposeAsync()
    {
        await target.Server.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task A_batch_uploaded_to_s3_gives_each_recipient_a_copy_zipped_from_the_bucket_with_the_manifests_sha256()
    {
        using var portal = new DropPortal(target, temp.Combine("work"), pollSeconds: 1);
        using var http = portal.CreateClient();
        using var template = new StringContent("""
            { "name": "screener", "layers": [ { "type": "text", "text": "For {recipient}", "position": "bottom-left", "size": 0.1 } ] }
            """, Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/templates", template)).StatusCode);
        var clip = await Clips.GetAsync(1);
        var (created, ticket) = await http.PostJsonAsync("/api/videos", new
        {
            fileName = "clip.mp4",
            contentType = "video/mp4",
            size = new FileInfo(clip).Length,
            template = "screener",
            recipients = new[] { new { recipient = "Ana", email = "ana@example.com" }, new { recipient = "Bob", email = "bob@example.com" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Any S3 client writing the key the ticket names is the upload; the poller notices it.
        var store = portal.Services.GetRequiredService<IObjectStore>();
        await using (var body = File.OpenRead(clip))
        {
            Assert.True(await store.PutAsync(ticket["key"]!.GetValue<string>(), body, "video/mp4"));
        }

        var batchId = ticket["batchId"]!.GetValue<string>();
        foreach (var id in ticket["jobIds"]!.AsArray().Select(j => j!.GetValue<string>()))
        {
            var job = await http.WaitForFinalAsync(id, TimeSpan.FromMinutes(3));
            Assert.True(job["state"]!.GetValue<string>() == "succeeded", $"job {id}: {job["error"]}");
        }

        using var zipResponse = await http.GetAsync($"/api/batches/{batchId}/download.zip");
        Assert.Equal(HttpStatusCode.OK, zipResponse.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await zipResponse.Content.ReadAsByteArrayAsync()));
        var zipped = zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var data = e.Open();
            return Convert.ToHexStringLower(SHA256.HashData(data));
        });
        Assert.Equal(["watermark-clip-Ana.mp4", "watermark-clip-Bob.mp4"], zipped.Keys.Order());

        using var reader = new StringReader(await http.GetStringAsync($"/api/batches/{batchId}/manifest.csv"));
        using var manifest = new CsvParser(reader, CultureInfo.InvariantCulture);
        Assert.True(await manifest.ReadAsync());
        using var outside = new HttpClient();
        var lines = 0;
        while (await manifest.ReadAsync())
        {
            var line = manifest.Record!;
            lines++;
            Assert.Equal(zipped[line[3]], line[5]);
            Assert.StartsWith(target.Endpoint.ToString().TrimEnd('/'), line[6], StringComparison.Ordinal);
            Assert.Equal(line[5], Convert.ToHexStringLower(SHA256.HashData(await outside.GetByteArrayAsync(line[6]))));
        }

        Assert.Equal(2, lines);
        var view = JsonNode.Parse(await http.GetStringAsync($"/api/batches/{batchId}"))!;
        Assert.Equal(2, view["done"]!.GetValue<int>());
    }
}
