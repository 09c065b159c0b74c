using System.Text;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>The default encoder settings reach x264 itself, and bad extra settings are refused with a reason.</summary>
public sealed class EncoderSettingsTests : EngineTestBase
{
    [Fact]
    public async Task The_default_run_encodes_with_superfast_and_the_macroblock_tree_as_x264_records_in_the_output()
    {
        using var engine = new FfmpegWatermarkEngine(new EngineOptions());
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1 });

        var result = await engine.ApplyAsync(new WatermarkRequest(input, SeedWatermark(), PathIn("out.mp4"), new WatermarkSpec()));

        Assert.Contains("-preset superfast -x264-params mbtree=1:rc-lookahead=10 -crf 24", result.CommandLine, StringComparison.Ordinal);
        Assert.Contains("-filter_complex_threads 1 -filter_complex ", result.CommandLine, StringComparison.Ordinal);
        // x264 writes the settings it really used into the stream (an SEI message): proof they reached the encoder.
        var written = X264Settings(result.OutputPath);
        Assert.Contains(" mbtree=1 ", written, StringComparison.Ordinal);
        Assert.Contains(" rc_lookahead=10 ", written, StringComparison.Ordinal);
        Assert.Contains(" crf=24.0 ", written, StringComparison.Ordinal);
        Assert.Contains(" subme=1 ", written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("superfast", null, EngineOptions.SuperfastTuning)]
    [InlineData("veryfast", null, "")]
    [InlineData("superfast", "", "")]
    [InlineData("medium", "aq-mode=2:psy-rd=1.0,0.15", "aq-mode=2:psy-rd=1.0,0.15")]
    public void Extra_x264_settings_follow_the_preset_unless_given(string preset, string? given, string expected)
    {
        var options = new EngineOptions { Preset = preset, X264Params = given };

        Assert.Equal(expected, options.EffectiveX264Params);
        Assert.Empty(options.Problems());
    }

    [Theory]
    [InlineData("mbtree")]
    [InlineData("mbtree=1;rm -rf /")]
    [InlineData("--preset=slow")]
    public void Extra_x264_settings_that_are_not_key_value_pairs_are_refused(string given)
    {
        var problems = new EngineOptions { X264Params = given }.Problems();

        Assert.Contains(problems, p => p.Contains("is not a list of x264 settings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Filter_threads_left_to_ffmpeg_leave_the_option_out_and_a_negative_count_is_refused()
    {
        using var engine = new FfmpegWatermarkEngine(new EngineOptions { FilterThreads = 0 });
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1 });

        var result = await engine.ApplyAsync(new WatermarkRequest(input, SeedWatermark(), PathIn("out.mp4"), new WatermarkSpec()));

        Assert.DoesNotContain("-filter_complex_threads", result.CommandLine, StringComparison.Ordinal);
        Assert.True(File.Exists(result.OutputPath));
        Assert.Contains(new EngineOptions { FilterThreads = -1 }.Problems(), p => p.Contains("FilterThreads -1", StringComparison.Ordinal));
    }

    /// <summary>The "x264 - core … options: …" text x264 embeds at the start of the stream.</summary>
    private static string X264Settings(string path)
    {
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(path));
        var start = text.IndexOf("options: ", StringComparison.Ordinal);
        Assert.True(start >= 0, "the output carries x264's settings");
        var end = text.IndexOf('\0', start);
        return " " + text[(start + "options: ".Length)..end] + " ";
    }
}
