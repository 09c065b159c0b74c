namespace VideoWatermark.Pipeline.Execution;

/// <summary>The job was handed to a newer attempt while this one ran (its lease ran out); this run's work is dropped.</summary>
public sealed class AttemptSupersededException(int attempt)
    : Exception($"Attempt {attempt} no longer owns the job (its lease ran out and a newer attempt took it); its output was not delivered.");
