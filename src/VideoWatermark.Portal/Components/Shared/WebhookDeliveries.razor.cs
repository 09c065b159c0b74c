using Microsoft.AspNetCore.Components;
using VideoWatermark.Core.Events;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Portal.Components.Shared;

/// <summary>
/// The events of a finished job and every delivery attempt (time, status or error, next try), read from the outbox:
/// again when this process records or delivers one of them, and every few seconds while one is still being tried
/// (another process, the Lambda on AWS, may be the one trying).
/// </summary>
public partial class WebhookDeliveries : IDisposable
{
    /// <summary>A day of retries is a few dozen attempts; the latest say what matters.</summary>
    private const int MaxAttemptsShown = 8;

    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource stop = new();
    private readonly CancellationToken stopping;
    private IReadOnlyList<OutboxRecord> records = [];
    private Task? polling;
    private (JobState, DateTimeOffset?, int)? loadedFor;
    private bool subscribed;

    public WebhookDeliveries() => stopping = stop.Token;

    [Inject] private EventOutbox Outbox { get; set; } = default!;

    [Parameter, EditorRequired] public Job Job { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        // A job that ran before may have ended before (and been retried): its earlier attempts' events are shown
        // while it runs again too.
        if (!Job.State.IsFinal() && Job.Attempts <= 1)
        {
            records = [];
            return;
        }

        if (!subscribed)
        {
            Outbox.Changed += OnChanged;
            Outbox.Recorded += OnRecorded;
            subscribed = true;
        }

        // A running job's record changes with every heartbeat; its events only with an end or a new attempt.
        var version = (Job.State, Job.FinishedAt, Job.Attempts);
        if (version != loadedFor)
        {
            loadedFor = version;
            await LoadAsync();
        }

        polling ??= PollAsync();
    }

    private static string Time(DateTimeOffset? at) => at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) ?? "—";

    private static string Result(DeliveryAttempt attempt) => (attempt.Status, attempt.Error) switch
    {
        ({ } status, null) => status is >= 200 and < 300 ? $"delivered ({status})" : $"HTTP {status}",
        ({ } status, { } error) => $"HTTP {status}: {error}",
        (null, { } error) => error,
        _ => "no answer",
    };

    private void OnChanged(OutboxRecord record)
    {
        if (record.JobId == Job.Id)
        {
            _ = InvokeAsync(ReloadAsync);
        }
    }

    private void OnRecorded(string key)
    {
        if (key.Contains($"/{Job.Id}-", StringComparison.Ordinal))
        {
            _ = InvokeAsync(ReloadAsync);
        }
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        try
        {
            records = await Outbox.ForJobAsync(Job, stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store away for a moment: the last list stays until the next read.
        }
    }

    private async Task PollAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(Refresh);
            while (await timer.WaitForNextTickAsync(stopping))
            {
                if (records.All(r => r.Settled))
                {
                    continue;
                }

                await LoadAsync();
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        if (subscribed)
        {
            Outbox.Changed -= OnChanged;
            Outbox.Recorded -= OnRecorded;
        }

        stop.Cancel();
        stop.Dispose();
    }
}
