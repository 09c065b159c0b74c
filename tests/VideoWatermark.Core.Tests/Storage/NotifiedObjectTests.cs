using System.Text.Json;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Storage.Events;

namespace VideoWatermark.Core.Tests.Storage;

/// <summary>A notification and a poll of the same object must name the same job, or one drop would run twice.</summary>
public sealed class NotifiedObjectTests
{
    private const string MinioWebhookBody = """
        {"EventName":"s3:ObjectCreated:Put","Key":"media/unprocessed-videos/beach day.mp4","Records":[{"eventVersion":"2.0",
        "eventSource":"minio:s3","awsRegion":"","eventTime":"2026-12-01T05:00:00.000Z","eventName":"s3:ObjectCreated:Put",
        "s3":{"s3SchemaVersion":"1.0","configurationId":"Config","bucket":{"name":"media","arn":"arn:aws:s3:::media"},
        "object":{"key":"unprocessed-videos%2Fbeach+day.mp4","size":1048576,"eTag":"d41d8cd98f00b204e9800998ecf8427e-2",
        "contentType":"video/mp4","sequencer":"17C9A1B2C3D4E5F6"}}}]}
        """;

    [Fact]
    public void A_minio_webhook_record_names_the_job_a_poll_of_the_same_object_names()
    {
        var notification = JsonSerializer.Deserialize<S3EventNotification>(MinioWebhookBody, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        var (created, skipped) = NotifiedObject.From(Assert.Single(notification.Records!), "media");

        Assert.Null(skipped);
        var polled = ObjectCreated.Landed("media", new ObjectInfo("unprocessed-videos/beach day.mp4", 1048576, DateTimeOffset.UtcNow, "d41d8cd98f00b204e9800998ecf8427e-2"));
        Assert.Equal(polled, created);
        Assert.Equal(JobIds.ForObject("media", polled.Key, polled.WriteId), JobIds.ForObject("media", created!.Key, created.WriteId));
    }

    [Fact]
    public void A_versioned_aws_record_keeps_its_version_id()
    {
        var record = new S3EventRecord
        {
            EventName = "ObjectCreated:CompleteMultipartUpload",
            S3 = new S3Entity { Bucket = new S3BucketEntity("media", null), Object = new S3ObjectEntity { Key = "unprocessed-videos/a.mp4", Size = 5, ETag = "\"abc\"", VersionId = "v7", Sequencer = "01" } },
        };

        var (created, _) = NotifiedObject.From(record, "media");

        Assert.Equal(new ObjectCreated("media", "unprocessed-videos/a.mp4", 5, "abc", null, "v7"), created);
    }

    [Theory]
    [InlineData("s3:ObjectRemoved:Delete", "media", "is not an ObjectCreated event")]
    [InlineData("s3:ObjectCreated:Put", "other", "is not the pipeline's bucket media")]
    public void Other_events_and_buckets_are_skipped_with_the_reason(string eventName, string bucket, string reason)
    {
        var record = new S3EventRecord
        {
            EventName = eventName,
            S3 = new S3Entity { Bucket = new S3BucketEntity(bucket, null), Object = new S3ObjectEntity { Key = "unprocessed-videos/a.mp4", Size = 5 } },
        };

        var (created, skipped) = NotifiedObject.From(record, "media");

        Assert.Null(created);
        Assert.Contains(reason, skipped, StringComparison.Ordinal);
    }
}
