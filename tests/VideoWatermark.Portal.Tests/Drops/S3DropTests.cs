using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using VideoWatermark.Testing.Media;
using VideoWatermark.Testing.Processes;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Portal.Tests.Drops;

/// <summary>
/// Videos dropped into the bucket with the real AWS CLI, the portal running local workers over an S3-compatible
/// server with no Lambda: the poller and the notification endpoint must each start exactly one job per drop.
/// </summary>
public abstract class S3DropTests : IAsyncLifetime
{
    // A deadline for a hung pipeline, not a speed check: on a quiet machine these drops finish in a few seconds,
    // and a busy shared machine must not turn that into a red test (the figures go to the closing notes instead).
    private protected static readonly TimeSpan DropDeadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder temp = new("drops");
    private DropTarget target = null!;
    private AwsCli cli = null!;

    private protected DropTarget Target => target;

    private protected AwsCli Cli => cli;

    private protected TempFolder Temp => temp;

    protected abstract Task<DropTarget> StartServerAsync();

    public async Task InitializeAsync()
    {
        target = await StartServerAsync();
        cli = target.Cli();
    }

    public async Task DisposeAsync()
    {
        cli.Dispose();
        await target.Server.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task Single_put_and_multipart_drops_are_watermarked_once_and_not_again_after_a_restart()
    {
        var small = Clip("small.mp4");
        var large = LargeClip("large.mp4");
        Assert.True(new FileInfo(large).Length > 8 * 1000 * 1000, "the large clip must be over the CLI's 8 MB multipart threshold");

        using (var portal = new DropPortal(target, temp.Combine("work"), pollSeconds: 1))
        {
            using var http = portal.CreateClient();
            await cli.RunAsync("s3", "cp", small, $"s3://{target.Bucket}/unprocessed-videos/small.mp4");
            var log = await cli.RunWithDebugLogAsync("s3", "cp", large, $"s3://{target.Bucket}/unprocessed-videos/large.mp4");
            var dropped = Stopwatch.StartNew();

            // The CLI went multipart for the large file, as its own log says (s3rver's ETag of such an object has no "-N").
            Assert.Contains("CreateMultipartUpload", log, StringComparison.Ordinal);
            Assert.Contains("UploadPart", log, StringComparison.Ordinal);
            Assert.Contains("CompleteMultipartUpload", log, StringComparison.Ordinal);

            await WaitSucceededAsync(http, "unprocessed-videos/small.mp4", DropDeadline);
            await WaitSucceededAsync(http, "unprocessed-videos/large.mp4", DropDeadline - dropped.Elapsed);
            Assert.Equal(["watermark-large.mp4", "watermark-small.mp4"], await OutputsAsync());
        }

        // Restarted: the earlier drops stay done; a new drop shows the poller has been over the folder again.
        using (var portal = new DropPortal(target, temp.Combine("work"), pollSeconds: 1))
        {
            using var http = portal.CreateClient();
            await cli.RunAsync("s3", "cp", small, $"s3://{target.Bucket}/unprocessed-videos/after-restart.mp4");
            await WaitSucceededAsync(http, "unprocessed-videos/after-restart.mp4", DropDeadline);

            var jobs = await JobsAsync(http);
            Assert.Single(jobs, j => (string)j!["inputKey"]! == "unprocessed-videos/small.mp4");
            Assert.Single(jobs, j => (string)j!["inputKey"]! == "unprocessed-videos/large.mp4");
            Assert.All(jobs, j => Assert.Equal("drop", (string?)j!["owner"]));
            Assert.Equal(["watermark-after-restart.mp4", "watermark-large.mp4", "watermark-small.mp4"], await OutputsAsync());
        }
    }

    [Fact]
    public async Task A_notification_has_made_its_job_when_it_is_acknowledged_and_a_forged_one_is_refused()
    {
        using var portal = new DropPortal(target, temp.Combine("work"), pollSeconds: 0);
        using var http = portal.CreateClient();
        await cli.RunAsync("s3", "cp", Clip("notified clip.mp4"), $"s3://{target.Bucket}/unprocessed-videos/notified clip.mp4");
        var notification = await NotificationAsync("unprocessed-videos/notified clip.mp4");

        using (var forged = await PostNotificationAsync(http, notification, "not-the-secret"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
            Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        }

        using (var unsigned = await PostNotificationAsync(http, notification, secret: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        }

        Assert.Empty(await JobsAsync(http));

        using (var accepted = await PostNotificationAsync(http, notification, DropPortal.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        // The endpoint dispatches before it answers, so the job exists the moment the notification is acknowledged:
        // no poll interval stands between a drop and its job (polling is off here). How fast that is belongs to the
        // benches, not to a clock in a test on a shared machine.
        var job = (await JobsAsync(http)).FirstOrDefault(j => (string)j!["inputKey"]! == "unprocessed-videos/notified clip.mp4");
        Assert.NotNull(job);
        Assert.Equal("drop", (string?)job["owner"]);

        await WaitSucceededAsync(http, "unprocessed-videos/notified clip.mp4", DropDeadline);
        Assert.Equal(["watermark-notified clip.mp4"], await OutputsAsync());
    }

    [Fact]
    public async Task A_drop_both_notified_and_polled_runs_once()
    {
        using var portal = new DropPortal(target, temp.Combine("work"), pollSeconds: 1);
        using var http = portal.CreateClient();
        var clip = Clip("twice.mp4");
        await cli.RunAsync("s3", "cp", clip, $"s3://{target.Bucket}/unprocessed-videos/twice.mp4");
        using (var accepted = await PostNotificationAsync(http, await NotificationAsync("unprocessed-videos/twice.mp4"), DropPortal.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        await WaitSucceededAsync(http, "unprocessed-videos/twice.mp4", DropDeadline);

        // A later drop, found by the poller, shows it has listed the first one too by the time this one is done.
        await cli.RunAsync("s3", "cp", clip, $"s3://{target.Bucket}/unprocessed-videos/zz-later.mp4");
        await WaitSucceededAsync(http, "unprocessed-videos/zz-later.mp4", DropDeadline);

        Assert.Single(await JobsAsync(http), j => (string)j!["inputKey"]! == "unprocessed-videos/twice.mp4");
        Assert.Equal(["watermark-twice.mp4", "watermark-zz-later.mp4"], await OutputsAsync());
    }

    private protected string Clip(string name) => TestMedia.Clip(temp.File(name), new ClipOptions { Seconds = 1 });

    /// <summary>Lossless noise: a 3-second clip well over 8 MB that still encodes quickly.</summary>
    private string LargeClip(string name)
    {
        var path = temp.File(name);
        var result = ProcessRun.Run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "nullsrc=s=480x270:r=25,geq=lum='random(1)*255':cb=128:cr=128",
            "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p", path]);
        Assert.True(result.ExitCode == 0, result.Output);
        return path;
    }

    private protected async Task<string[]> OutputsAsync()
    {
        var listed = JsonNode.Parse(await cli.RunAsync("s3api", "list-objects-v2", "--bucket", target.Bucket, "--prefix", "watermark-", "--output", "json"));
        return [.. (listed?["Contents"]?.AsArray() ?? []).Select(o => (string)o!["Key"]!).Order(StringComparer.Ordinal)];
    }

    /// <summary>What a MinIO webhook target posts for the object (eventName with the "s3:" prefix, form-encoded key).</summary>
    private protected async Task<string> NotificationAsync(string key)
    {
        var head = JsonNode.Parse(await cli.RunAsync("s3api", "head-object", "--bucket", target.Bucket, "--key", key))!;
        var record = new JsonObject
        {
            ["eventVersion"] = "2.0",
            ["eventSource"] = "minio:s3",
            ["awsRegion"] = "",
            ["eventTime"] = DateTimeOffset.UtcNow.ToString("O"),
            ["eventName"] = "s3:ObjectCreated:Put",
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["configurationId"] = "Config",
                ["bucket"] = new JsonObject { ["name"] = target.Bucket, ["arn"] = $"arn:aws:s3:::{target.Bucket}" },
                ["object"] = new JsonObject
                {
                    ["key"] = WebUtility.UrlEncode(key),
                    ["size"] = head["ContentLength"]!.GetValue<long>(),
                    ["eTag"] = head["ETag"]!.GetValue<string>().Trim('"'),
                    ["contentType"] = "video/mp4",
                    ["sequencer"] = "17A1B2C3D4E5F607",
                },
            },
        };
        return new JsonObject { ["EventName"] = "s3:ObjectCreated:Put", ["Key"] = $"{target.Bucket}/{key}", ["Records"] = new JsonArray(record) }.ToJsonString();
    }

    private static async Task<HttpResponseMessage> PostNotificationAsync(HttpClient http, string body, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events/s3") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return await http.SendAsync(request);
    }

    private protected static async Task<JsonArray> JobsAsync(HttpClient http) => JsonNode.Parse(await http.GetStringAsync("/api/jobs"))!.AsArray();

    private protected static Task<JsonNode> WaitSucceededAsync(HttpClient http, string inputKey, TimeSpan within) =>
        Eventually.WaitAsync(async () =>
        {
            var job = (await JobsAsync(http)).FirstOrDefault(j => (string)j!["inputKey"]! == inputKey);
            Assert.NotEqual("failed", (string?)job?["state"]);
            return (string?)job?["state"] == "succeeded" ? job : null;
        }, within, () => $"{inputKey} was not watermarked within {within.TotalSeconds:0} s", TimeSpan.FromMilliseconds(250));
}

public sealed class S3rverDropTests : S3DropTests
{
    protected override Task<DropTarget> StartServerAsync() => DropTarget.S3rverAsync();
}

public sealed class MotoDropTests : S3DropTests
{
    protected override Task<DropTarget> StartServerAsync() => DropTarget.MotoAsync();

    [Fact]
    public async Task A_drop_announced_on_an_sqs_queue_is_watermarked_and_the_message_deleted()
    {
        // moto's server is SQS too: a queue as the bucket's notification target, with polling off.
        var queueUrl = (string)JsonNode.Parse(await Cli.RunAsync("sqs", "create-queue", "--queue-name", "drops"))!["QueueUrl"]!;
        using var portal = new DropPortal(Target, Temp.Combine("work"), pollSeconds: 0, dropQueueUrl: queueUrl);
        using var http = portal.CreateClient();
        await Cli.RunAsync("s3", "cp", Clip("queued.mp4"), $"s3://{Target.Bucket}/unprocessed-videos/queued.mp4");

        var testEvent = new JsonObject
        {
            ["Service"] = "Amazon S3",
            ["Event"] = "s3:TestEvent",
            ["Time"] = DateTimeOffset.UtcNow.ToString("O"),
            ["Bucket"] = Target.Bucket,
            ["RequestId"] = "5582815E1AEA5ADF",
            ["HostId"] = "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR",
        };
        await Cli.RunAsync("sqs", "send-message", "--queue-url", queueUrl, "--message-body", testEvent.ToJsonString());

        // As AWS S3 words it: the event name without "s3:".
        var records = JsonNode.Parse(await NotificationAsync("unprocessed-videos/queued.mp4"))!["Records"]!.DeepClone().AsArray();
        records[0]!["eventName"] = "ObjectCreated:Put";
        records[0]!["eventSource"] = "aws:s3";
        await Cli.RunAsync("sqs", "send-message", "--queue-url", queueUrl, "--message-body", new JsonObject { ["Records"] = records }.ToJsonString());

        var job = await WaitSucceededAsync(http, "unprocessed-videos/queued.mp4", DropDeadline);
        Assert.Equal("drop", (string?)job["owner"]);
        Assert.Equal(["watermark-queued.mp4"], await OutputsAsync());

        // Both messages were deleted once handled: none waits or is in flight.
        await Eventually.WaitAsync(async () =>
        {
            var attributes = JsonNode.Parse(await Cli.RunAsync("sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "All"))!["Attributes"]!;
            return (string?)attributes["ApproximateNumberOfMessages"] == "0" && (string?)attributes["ApproximateNumberOfMessagesNotVisible"] == "0" ? attributes : null;
        }, TimeSpan.FromSeconds(30), () => "the queue still holds messages", TimeSpan.FromMilliseconds(250));
    }
}
