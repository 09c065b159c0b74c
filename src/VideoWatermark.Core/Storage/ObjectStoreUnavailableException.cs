namespace VideoWatermark.Core.Storage;

/// <summary>
/// The store failed the way an outage fails (no answer, a 5xx, throttling, a torn response): asking again later may
/// work. Adapters throw it in place of their SDK's exceptions, so callers decide on retries without knowing the SDK.
/// </summary>
public sealed class ObjectStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
