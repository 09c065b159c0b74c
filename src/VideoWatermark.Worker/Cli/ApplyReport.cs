using System.Globalization;
using VideoWatermark.Engine;
using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Worker.Cli;

/// <summary>
/// How <c>apply</c> ends: a line on stderr for the person watching, and on stdout the output's path, or with
/// <c>--json</c> the <see cref="ApplySummary"/>.
/// </summary>
internal static class ApplyReport
{
    public static async Task<int> OnePassAsync(FfmpegWatermarkEngine engine, WatermarkResult done, bool json, CancellationToken cancellationToken)
    {
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"done in {done.Elapsed.TotalSeconds:0.0} s: {done.OutputSize} bytes; log {done.LogPath}"));
        if (!json)
        {
            await Console.Out.WriteLineAsync(done.OutputPath);
            return ExitCodes.Success;
        }

        var frames = await engine.ProbeFramesAsync(done.OutputPath, cancellationToken);
        await Console.Out.WriteLineAsync(new ApplySummary(done.OutputPath, frames.FrameCount, Round(frames.Duration), 1, Round(done.Elapsed.TotalSeconds), 0).ToJson());
        return ExitCodes.Success;
    }

    public static async Task<int> SegmentedAsync(SegmentedResult done, bool json)
    {
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"done in {done.Elapsed.TotalSeconds:0.0} s ({done.Segments.Count} segments in {done.EncodeTime.TotalSeconds:0.0} s, joined and checked in {done.JoinTime.TotalSeconds:0.0} s): {done.OutputSize} bytes, {done.Frames} frames; log {done.LogPath}"));
        await Console.Out.WriteLineAsync(json
            ? new ApplySummary(done.OutputPath, done.Frames, Round(done.Duration), done.Segments.Count, Round(done.EncodeTime.TotalSeconds), Round(done.JoinTime.TotalSeconds)).ToJson()
            : done.OutputPath);
        return ExitCodes.Success;
    }

    private static double Round(double seconds) => Math.Round(seconds, 3);
}
