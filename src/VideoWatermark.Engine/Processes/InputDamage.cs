namespace VideoWatermark.Engine.Processes;

/// <summary>
/// Watches ffmpeg's stderr for signs that the input ended early. An MP4 whose index comes first (faststart) passes
/// probing even when its upload was cut short; only reading the media data shows it. ffmpeg then still exits 0 with a
/// shorter video, which must not be delivered as if it were complete.
/// </summary>
internal sealed class InputDamage
{
    public bool Truncated { get; private set; }

    public void OnLine(string line)
    {
        if (line.Contains("partial file", StringComparison.Ordinal))
        {
            Truncated = true;
        }
    }
}
