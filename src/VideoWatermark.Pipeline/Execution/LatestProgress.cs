namespace VideoWatermark.Pipeline.Execution;

/// <summary>
/// Keeps only the latest percentage the engine reported; the heartbeat writes it on its own schedule, so ffmpeg's
/// many progress lines never turn into many job writes.
/// </summary>
internal sealed class LatestProgress : IProgress<double>
{
    private double value;

    public double Value => Volatile.Read(ref value);

    public void Report(double value) => Volatile.Write(ref this.value, Math.Clamp(value, 0, 100));
}
