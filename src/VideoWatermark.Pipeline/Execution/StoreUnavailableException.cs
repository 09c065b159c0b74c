namespace VideoWatermark.Pipeline.Execution;

/// <summary>The store did not answer within the retry budget; the job can run again once it is back.</summary>
public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
