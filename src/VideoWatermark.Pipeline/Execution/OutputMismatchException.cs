namespace VideoWatermark.Pipeline.Execution;

/// <summary>The stored output is not the file the run made: its size or its SHA-256 differ.</summary>
public sealed class OutputMismatchException(string message) : IOException(message);
