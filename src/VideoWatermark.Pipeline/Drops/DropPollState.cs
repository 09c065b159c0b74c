using System.Text.Json;
using VideoWatermark.Core;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Pipeline.Drops;

/// <summary>
/// What the poller has handled, kept in the bucket beside the event markers (<c>jobs/events/</c>, which no trigger
/// watches and the job list skips) so that a restart, or a second portal, carries on instead of starting over.
/// </summary>
public sealed class DropPollState
{
    public const string Key = ObjectKeys.EventsPrefix + "drop-poll.json";

    /// <summary>The greatest key seen: quick passes ask only for keys after it.</summary>
    public string? LastKey { get; set; }

    /// <summary>Every video key handled, with the version (ETag or version id) it had.</summary>
    public Dictionary<string, string> Seen { get; set; } = new(StringComparer.Ordinal);

    public static async Task<DropPollState?> LoadAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        if (await store.HeadAsync(Key, cancellationToken) is null)
        {
            return null;
        }

        try
        {
            await using var stream = await store.OpenReadAsync(Key, cancellationToken);
            var state = await JsonSerializer.DeserializeAsync(stream, PipelineWebJson.Default.DropPollState, cancellationToken);
            return state is null ? null : new DropPollState { LastKey = state.LastKey, Seen = new(state.Seen, StringComparer.Ordinal) };
        }
        catch (Exception ex) when (ex is ObjectNotFoundException or JsonException)
        {
            return null;
        }
    }

    public async Task SaveAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(this, PipelineWebJson.Default.DropPollState));
        await store.PutAsync(Key, body, "application/json", cancellationToken: cancellationToken);
    }
}
