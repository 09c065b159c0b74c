using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Events;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Storage.Events;
using VideoWatermark.Dispatcher.Events;

namespace VideoWatermark.Dispatcher;

/// <summary>
/// The dispatcher Lambda for the managed dotnet10 runtime, handler
/// <c>VideoWatermark.Dispatcher::VideoWatermark.Dispatcher.Function::Handle</c>. S3 ObjectCreated records become jobs
/// and Fargate tasks; an EventBridge schedule sweeps for lost jobs. Delivery is at least once, and so is safe: the
/// dispatch core makes a repeated record a duplicate, not a second task.
/// </summary>
public sealed class Function
{
    /// <summary>The Lambda handler string: assembly::type::method.</summary>
    public const string Handler = "VideoWatermark.Dispatcher::VideoWatermark.Dispatcher.Function::Handle";

    private const string ObjectCreatedPrefix = "ObjectCreated:";

    /// <summary>How long a schedule's delivery pass may take, well inside the function's timeout.</summary>
    private static readonly TimeSpan DeliveryPassLimit = TimeSpan.FromSeconds(30);

    private readonly DispatchService dispatch;
    private readonly string bucket;
    private readonly ILogger logger;
    private readonly EventDelivery? events;

    /// <summary>What Lambda calls: configuration from the environment, a missing variable fails the cold start by name.</summary>
    public Function()
        : this(new ServiceCollection().AddDispatcherServices(DispatcherSettings.FromEnvironment(Environment.GetEnvironmentVariable)).BuildServiceProvider())
    {
    }

    /// <param name="events">Delivers the events outbox on each schedule (the jobs this Lambda fails record theirs).</param>
    public Function(DispatchService dispatch, string bucket, ILogger<Function>? logger = null, EventDelivery? events = null)
    {
        this.dispatch = dispatch;
        this.bucket = bucket;
        this.logger = logger ?? NullLogger<Function>.Instance;
        this.events = events;
    }

    private Function(IServiceProvider services)
        : this(services.GetRequiredService<DispatchService>(), services.GetRequiredService<IObjectStore>().Bucket, services.GetRequiredService<ILogger<Function>>(), services.GetService<EventDelivery>())
    {
    }

    /// <summary>
    /// Handles one invocation and returns a JSON <see cref="DispatchSummary"/>. When a record failed for a transient
    /// reason the others are still handled, then it throws so Lambda delivers the event again.
    /// </summary>
    public async Task<Stream> Handle(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var document = await JsonDocument.ParseAsync(input);
        var summary = LambdaEvent.Parse(document.RootElement) switch
        {
            LambdaEvent.S3Notification s3 => await HandleS3Async(s3.Event),
            LambdaEvent.S3Test test => new DispatchSummary
            {
                Event = "s3-test",
                Records = [new RecordSummary(RecordOutcome.Ignored, null, null, $"{S3TestEvent.EventName} for bucket {test.Event.Bucket}.")],
            },
            LambdaEvent.Schedule => await SweepAsync(),
            LambdaEvent.Unrecognized other => new DispatchSummary
            {
                Event = "unrecognized",
                Records = [new RecordSummary(RecordOutcome.Ignored, null, null, $"Not an S3 notification or a schedule: {other.Description}.")],
            },
            _ => throw new InvalidOperationException("Unhandled event kind."),
        };

        logger.LogInformation("{Summary}", summary);
        if (summary.Errors > 0)
        {
            var errors = string.Join(" | ", summary.Records.Where(r => r.Outcome == RecordOutcome.Error).Select(r => $"{r.Key}: {r.Detail}"));
            throw new DispatchIncompleteException($"{summary.Errors} of {summary.Records.Count} records failed and will be delivered again: {errors}");
        }

        return new MemoryStream(summary.ToJson(), writable: false);
    }

    private async Task<DispatchSummary> HandleS3Async(S3EventNotification notification)
    {
        var records = new List<RecordSummary>();
        foreach (var record in notification.Records ?? [])
        {
            records.Add(await HandleRecordAsync(record));
        }

        return new DispatchSummary { Event = "s3", Records = records };
    }

    private async Task<RecordSummary> HandleRecordAsync(S3EventRecord record)
    {
        var encodedKey = record.S3?.Object?.Key;
        var key = encodedKey is null ? null : S3EventKey.Decode(encodedKey);
        var recordBucket = record.S3?.Bucket?.Name;
        if (record.EventSource != "aws:s3" || record.EventName?.StartsWith(ObjectCreatedPrefix, StringComparison.Ordinal) != true)
        {
            return new RecordSummary(RecordOutcome.Ignored, key, null, $"{record.EventSource} {record.EventName} is not an S3 ObjectCreated event.");
        }

        if (key is null || recordBucket is null)
        {
            return new RecordSummary(RecordOutcome.Ignored, key, null, "The record names no bucket or key.");
        }

        if (recordBucket != bucket)
        {
            return new RecordSummary(RecordOutcome.Ignored, key, null, $"Bucket {recordBucket} is not the pipeline's bucket {bucket}.");
        }

        var created = new ObjectCreated(recordBucket, key, record.S3!.Object!.Size ?? 0, record.S3.Object.ETag,
            record.S3.Object.Sequencer, record.S3.Object.VersionId);
        try
        {
            return RecordSummary.From(await dispatch.HandleAsync(created), key);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Dispatching s3://{Bucket}/{Key} failed; the event will be delivered again", recordBucket, key);
            return new RecordSummary(RecordOutcome.Error, key, null, ex.Message);
        }
    }

    /// <summary>
    /// The schedule also delivers what is due in the events outbox, so events reach their targets on AWS even while no
    /// portal runs; a failed pass is only logged (the next schedule, or the portal, tries again).
    /// </summary>
    private async Task DeliverEventsAsync()
    {
        if (events is null)
        {
            return;
        }

        using var limit = new CancellationTokenSource(DeliveryPassLimit);
        try
        {
            var attempts = await events.DeliverDueAsync(limit.Token);
            logger.LogInformation("Event delivery pass: {Attempts} attempt(s)", attempts);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "The event delivery pass stopped; the next one goes on");
        }
    }

    private async Task<DispatchSummary> SweepAsync()
    {
        var results = await dispatch.SweepAsync();
        await DeliverEventsAsync();
        return new DispatchSummary { Event = "schedule", Records = [.. results.Select(r => RecordSummary.From(r, null))] };
    }
}

/// <summary>Some records of an event could not be dispatched yet; Lambda's retry delivers the whole event again.</summary>
public sealed class DispatchIncompleteException(string message) : Exception(message);
