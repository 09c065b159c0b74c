using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>A temp folder per test class and an engine at ultrafast, for tests where the preset is not the point.</summary>
public abstract class EngineTestBase : IDisposable
{
    protected EngineTestBase()
    {
        MediaTool.RequireFfmpeg();
        Dir = TestMedia.NewTempDirectory("vw-engine");
        Engine = new FfmpegWatermarkEngine(new EngineOptions { Preset = "ultrafast", Crf = 18 });
    }

    protected string Dir { get; }

    protected FfmpegWatermarkEngine Engine { get; }

    protected string PathIn(string name) => Path.Combine(Dir, name);

    protected string SeedWatermark() => DefaultWatermark.WriteTo(PathIn("watermark.png"));

    protected Task<WatermarkResult> ApplyAsync(string input, string watermark, WatermarkSpec? spec = null, string output = "out.mp4",
        IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        Engine.ApplyAsync(new WatermarkRequest(input, watermark, PathIn(output), spec ?? new WatermarkSpec()), progress, cancellationToken);

    /// <summary>Files in the test folder other than the ones the test made itself: what a failed run left behind.</summary>
    protected IReadOnlyList<string> FilesNamed(Func<string, bool> predicate) =>
        [.. Directory.EnumerateFiles(Dir).Select(Path.GetFileName).Where(n => predicate(n!))!];

    public virtual void Dispose()
    {
        Engine.Dispose();
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
