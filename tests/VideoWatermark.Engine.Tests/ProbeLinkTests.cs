using VideoWatermark.Engine.Probing;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>
/// The link ffprobe reads through is private to one probe and gone afterwards; its binary is the configured one, started
/// once for the video a run probes.
/// </summary>
public sealed class ProbeLinkTests : EngineTestBase
{
    [Fact]
    public async Task Each_probe_leaves_no_link_folder_behind_and_reads_the_real_file()
    {
        var links = Directory.CreateDirectory(PathIn("links")).FullName;
        var input = TestMedia.Clip(PathIn("a \"b\" $(c).mp4"), new ClipOptions { Seconds = 1 });
        var ffprobe = new Ffprobe("ffprobe", links);

        var (analysis, errors) = await ffprobe.AnalyseAsync(input, "input.mp4", null, CancellationToken.None);
        var (missing, why) = await ffprobe.AnalyseAsync(TestMedia.TextFile(PathIn("notes.mp4")), "input.mp4", null, CancellationToken.None);

        Assert.Equal((320, 180, ""), (analysis!.PrimaryVideoStream!.Width, analysis.PrimaryVideoStream.Height, errors));
        Assert.Null(missing);
        Assert.Contains("Invalid data found when processing input", why, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(links));
        Assert.True(File.Exists(input), "the original is untouched");
    }

    [Fact]
    public async Task A_watermark_run_starts_ffprobe_only_for_a_video_whose_index_it_cannot_read_and_never_for_the_watermark()
    {
        // An ffprobe that writes down each start and then runs the real one: every ffprobe start is time before the
        // encode, a "-version" run is one that reads no file, and the watermark is checked by decoding it in-process.
        // An MP4's facts come from its index, read in-process; a WebM has none, so ffprobe reads it, once.
        var bin = Directory.CreateDirectory(PathIn("bin")).FullName;
        var starts = PathIn("ffprobe-starts.txt");
        var wrapper = Path.Combine(bin, "ffprobe");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\necho \"$*\" >> '{starts}'\nexec '{OnPath("ffprobe")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var engine = new FfmpegWatermarkEngine(new EngineOptions { Preset = "ultrafast", FfprobePath = wrapper });
        var mp4 = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1 });
        var webm = TestMedia.Clip(PathIn("in.webm"), new ClipOptions { Seconds = 1 });

        await engine.ApplyAsync(new WatermarkRequest(mp4, SeedWatermark(), PathIn("out.mp4"), new Core.Watermarks.WatermarkSpec()));
        Assert.False(File.Exists(starts), "no ffprobe run for an MP4 whose index the engine reads");
        await engine.ApplyAsync(new WatermarkRequest(webm, SeedWatermark(), PathIn("out2.mp4"), new Core.Watermarks.WatermarkSpec()));

        var lines = await File.ReadAllLinesAsync(starts);
        Assert.Single(lines);
        Assert.EndsWith("/input.webm", lines[0], StringComparison.Ordinal);
        Assert.True(File.Exists(PathIn("out.mp4")));
        Assert.True(File.Exists(PathIn("out2.mp4")));
    }

    private static string OnPath(string tool) =>
        Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, tool)).First(File.Exists);

    [Fact]
    public void An_ffprobe_under_another_name_is_refused_at_configuration()
    {
        var problems = new EngineOptions { FfprobePath = "/opt/ffmpeg/bin/avprobe" }.Problems();

        Assert.Contains(problems, p => p.Contains("must be a file named ffprobe", StringComparison.Ordinal));
    }
}
