using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Events;

namespace VideoWatermark.Pipeline.Events;

/// <summary>
/// Keeps delivering the outbox: at once when this process records an event, when an attempt it knows of comes due,
/// and every <see cref="EventsOptions.PollSeconds"/> for events other processes recorded (the Fargate worker, the
/// Lambda). The outbox is its whole state, so a restart goes on where the last run stopped.
/// </summary>
public sealed class EventDeliveryLoop(EventDelivery delivery, EventOutbox outbox, EventsOptions options, TimeProvider time, ILogger<EventDeliveryLoop> logger) : BackgroundService
{
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        outbox.Recorded += OnRecorded;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await delivery.DeliverDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "The event delivery pass failed; trying again in {Seconds} s", options.PollSeconds);
                }

                var wait = TimeSpan.FromSeconds(options.PollSeconds);
                if (delivery.NextDueAt is { } due && due - time.GetUtcNow() < wait)
                {
                    wait = due - time.GetUtcNow();
                }

                // Never a busy loop, even when something due could not be claimed this pass.
                await wake.WaitAsync(wait < MinWait ? MinWait : wait, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            outbox.Recorded -= OnRecorded;
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    private void OnRecorded(string key)
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is pending already; the pass it starts sees this event too.
        }
    }
}
