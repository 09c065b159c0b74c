using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Engine;

/// <summary>
/// What an encoded output is (codecs, picture, length, bit rate), read once by the worker after the encode or the
/// join, for the job page. Nothing else checks those facts (the upload is verified by its SHA-256), so this is the
/// one probe of the output.
/// </summary>
public interface IOutputProbe
{
    /// <returns>The facts, or null when ffprobe could not read the file (the job does not fail for that).</returns>
    Task<OutputFacts?> ProbeOutputAsync(string path, CancellationToken cancellationToken = default);
}
