using System.Text.Json;
using VideoWatermark.Core.Storage.Events;
using VideoWatermark.Dispatcher.Events;

namespace VideoWatermark.Dispatcher.Tests.Events;

public sealed class LambdaEventTests
{
    [Fact]
    public void The_documented_put_event_parses_field_by_field()
    {
        var parsed = Assert.IsType<LambdaEvent.S3Notification>(Parse(EventSamples.Read("s3-put-documented.json")));

        var record = Assert.Single(parsed.Event.Records!);
        Assert.Equal("2.1", record.EventVersion);
        Assert.Equal("aws:s3", record.EventSource);
        Assert.Equal("ObjectCreated:Put", record.EventName);
        Assert.Equal(DateTimeOffset.UnixEpoch, record.EventTime);
        Assert.Equal("mybucket", record.S3!.Bucket!.Name);
        Assert.Equal("HappyFace.jpg", record.S3.Object!.Key);
        Assert.Equal(1024, record.S3.Object.Size);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", record.S3.Object.ETag);
        Assert.Equal("096fKKXTRTtl3on89fVO.nfljtsv6qko", record.S3.Object.VersionId);
        Assert.Equal("0055AED6DCD90281E5", record.S3.Object.Sequencer);
    }

    [Fact]
    public void The_documented_test_event_is_recognised()
    {
        var parsed = Assert.IsType<LambdaEvent.S3Test>(Parse(EventSamples.Read("s3-test-event-documented.json")));
        Assert.Equal("bucketname", parsed.Event.Bucket);
    }

    [Fact]
    public void The_documented_schedule_event_is_recognised()
    {
        var parsed = Assert.IsType<LambdaEvent.Schedule>(Parse(EventSamples.Read("eventbridge-schedule-documented.json")));
        Assert.Equal("arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule", Assert.Single(parsed.Event.Resources!));
    }

    [Theory]
    [InlineData("""{"source":"aws.s3","detail-type":"Object Created"}""")]
    [InlineData("""{"hello":"world"}""")]
    [InlineData("[1,2]")]
    public void Other_events_are_unrecognized(string json) => Assert.IsType<LambdaEvent.Unrecognized>(Parse(json));

    [Theory]
    [InlineData("unprocessed-videos/red+flower.mp4", "unprocessed-videos/red flower.mp4")]
    [InlineData("unprocessed-videos/caf%C3%A9+cr%C3%A8me.mp4", "unprocessed-videos/café crème.mp4")]
    [InlineData("unprocessed-videos/a%2Bb.mp4", "unprocessed-videos/a+b.mp4")]
    [InlineData("unprocessed-videos/100%25+sure.mp4", "unprocessed-videos/100% sure.mp4")]
    [InlineData("unprocessed-videos/plain.mp4", "unprocessed-videos/plain.mp4")]
    public void Keys_are_form_decoded(string encoded, string key) => Assert.Equal(key, S3EventKey.Decode(encoded));

    private static LambdaEvent Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return LambdaEvent.Parse(document.RootElement);
    }
}
