using System.Text.Json.Nodes;
using VideoWatermark.Core.Storage.Events;

namespace VideoWatermark.Core.Tests.Storage;

/// <summary>What a queue that a bucket notifies carries: the event, the event inside an SNS envelope, or S3's test event.</summary>
public sealed class S3EventMessageTests
{
    // The shape the Amazon S3 User Guide documents for an ObjectCreated record delivered to SQS.
    private const string AwsEvent = """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-12-01T05:00:00.000Z",
        "eventName":"ObjectCreated:CompleteMultipartUpload","s3":{"s3SchemaVersion":"1.0","configurationId":"drops",
        "bucket":{"name":"media","arn":"arn:aws:s3:::media"},"object":{"key":"unprocessed-videos/big+clip.mp4","size":9000000,
        "eTag":"0123456789abcdef0123456789abcdef-2","sequencer":"0055AED6DCD90281E5"}}}]}
        """;

    [Fact]
    public void An_s3_event_body_gives_its_records()
    {
        var message = S3EventMessage.Parse(AwsEvent);

        Assert.False(message.IsTestEvent);
        var record = Assert.Single(message.Notification!.Records!);
        Assert.Equal("ObjectCreated:CompleteMultipartUpload", record.EventName);
        Assert.Equal("unprocessed-videos/big+clip.mp4", record.S3!.Object!.Key);
        Assert.Equal(9000000, record.S3.Object.Size);
    }

    [Fact]
    public void An_sns_envelope_gives_the_event_it_carries()
    {
        var envelope = new JsonObject
        {
            ["Type"] = "Notification",
            ["MessageId"] = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
            ["TopicArn"] = "arn:aws:sns:us-east-1:123456789012:drops",
            ["Subject"] = "Amazon S3 Notification",
            ["Message"] = AwsEvent,
        }.ToJsonString();

        var message = S3EventMessage.Parse(envelope);

        Assert.Equal("unprocessed-videos/big+clip.mp4", Assert.Single(message.Notification!.Records!).S3!.Object!.Key);
    }

    [Fact]
    public void The_test_event_s3_sends_when_notifications_are_configured_names_no_object()
    {
        var message = S3EventMessage.Parse("""
            {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-12-01T05:00:00.000Z","Bucket":"media",
            "RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}
            """);

        Assert.True(message.IsTestEvent);
        Assert.Null(message.Notification);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"hello":"world"}""")]
    [InlineData("""{"Records":"none"}""")]
    public void Anything_else_is_refused_as_malformed(string body)
    {
        Assert.Throws<FormatException>(() => S3EventMessage.Parse(body));
    }
}
