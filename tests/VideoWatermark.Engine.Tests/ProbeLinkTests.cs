using VideoWatermark.Engine.Probing;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>The link ffprobe reads through is private to one probe and gone afterwards; its binary is the configured one.</summary>
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
    public void An_ffprobe_under_another_name_is_refused_at_configuration()
    {
        var problems = new EngineOptions { FfprobePath = "/opt/ffmpeg/bin/avprobe" }.Problems();

        Assert.Contains(problems, p => p.Contains("must be a file named ffprobe", StringComparison.Ordinal));
    }
}
