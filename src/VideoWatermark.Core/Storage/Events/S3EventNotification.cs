using System.Text.Json.Serialization;

namespace VideoWatermark.Core.Storage.Events;

// The S3 event notification message (eventVersion 2.x), as the Amazon S3 User Guide's "Event message structure"
// documents it; only the fields the dispatcher reads. Unknown fields are ignored, as the guide asks of consumers.

public sealed record S3EventNotification([property: JsonPropertyName("Records")] IReadOnlyList<S3EventRecord>? Records);

public sealed record S3EventRecord
{
    public string? EventVersion { get; init; }

    /// <summary>"aws:s3".</summary>
    public string? EventSource { get; init; }

    public string? AwsRegion { get; init; }

    public DateTimeOffset? EventTime { get; init; }

    /// <summary>The event type without the "s3:" prefix, e.g. "ObjectCreated:Put".</summary>
    public string? EventName { get; init; }

    public S3Entity? S3 { get; init; }
}

public sealed record S3Entity
{
    public string? ConfigurationId { get; init; }

    public S3BucketEntity? Bucket { get; init; }

    public S3ObjectEntity? Object { get; init; }
}

public sealed record S3BucketEntity(string? Name, string? Arn);

public sealed record S3ObjectEntity
{
    /// <summary>URL-encoded as a form value: "red flower.jpg" arrives as "red+flower.jpg".</summary>
    public string? Key { get; init; }

    public long? Size { get; init; }

    public string? ETag { get; init; }

    /// <summary>Set when the bucket is versioned.</summary>
    public string? VersionId { get; init; }

    /// <summary>Orders events for one key; the same write always carries the same sequencer.</summary>
    public string? Sequencer { get; init; }
}
