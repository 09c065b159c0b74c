namespace VideoWatermark.Pipeline.Drops;

/// <summary>
/// How videos dropped into the bucket by other S3 clients are noticed (<c>VideoWatermark:Pipeline</c>): by polling
/// when the store is S3 and no Lambda feeds the pipeline, and by S3 event notifications where the store sends them.
/// </summary>
public sealed class DropOptions
{
    /// <summary>How often the poller looks for new keys under <c>unprocessed-videos/</c>; 0 turns polling off.</summary>
    public double PollSeconds { get; set; } = 10;

    /// <summary>
    /// How often the poller lists the whole folder once it holds 1,000 keys or more: in between it only asks for keys
    /// after the last one it saw, which misses a new key that sorts before it until the next whole listing. A smaller
    /// folder is listed whole at every pass, for the same one request.
    /// </summary>
    public double PollFullPassMinutes { get; set; } = 5;

    /// <summary>The shared secret a store's webhook sends as <c>Authorization: Bearer …</c>; unset refuses every notification.</summary>
    public string? NotificationSecret { get; set; }

    /// <summary>
    /// An SQS queue the bucket sends its event notifications to (AWS without the Lambda); unset reads no queue. The
    /// queue's own URL also says where SQS is: a URL outside AWS is that server's endpoint.
    /// </summary>
    public string? DropQueueUrl { get; set; }

    public bool IsValid => PollSeconds >= 0 && PollFullPassMinutes > 0 && PollFullPassMinutes * 60 >= PollSeconds
        && (string.IsNullOrEmpty(DropQueueUrl) || Uri.TryCreate(DropQueueUrl, UriKind.Absolute, out _));
}
