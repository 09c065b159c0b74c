using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>Whatever comes in, what goes out is a web-ready MP4 with the input's audio and every frame.</summary>
public sealed class OutputFormatTests : EngineTestBase
{
    [Fact]
    public async Task Audio_is_copied_bit_exact_duration_kept_and_output_is_web_ready()
    {
        var input = TestMedia.Clip(PathIn("in.mp4"));

        var result = await ApplyAsync(input, SeedWatermark());

        var info = Frames.Probe(result.OutputPath);
        Assert.Equal(("h264", "yuv420p", 320, 180, 0), (info.VideoCodec, info.PixelFormat, info.Width, info.Height, info.Rotation));
        Assert.Equal(Frames.AudioMd5(input), Frames.AudioMd5(result.OutputPath));
        Assert.InRange(Frames.VideoDuration(result.OutputPath) - Frames.VideoDuration(input), -0.04, 0.04);
        Assert.Equal(Frames.CountFrames(input), Frames.CountFrames(result.OutputPath));
        Assert.True(MoovBeforeMdat(result.OutputPath), "+faststart puts the index first so browsers play while downloading");
    }

    [Fact]
    public async Task Rotated_phone_video_keeps_its_orientation_and_the_watermark_is_upright()
    {
        var input = TestMedia.Clip(PathIn("phone.mov"), new ClipOptions { Rotation = 90, Color = "0x404040", Seconds = 1 });
        var mark = TestMedia.TwoToneImage(PathIn("mark.png"), 60, 40);
        var spec = new WatermarkSpec { Position = Anchor.TopLeft, Margin = 0.05 };

        var result = await ApplyAsync(input, mark, spec);

        var info = Frames.Probe(result.OutputPath);
        Assert.Equal((180, 320, 0), (info.Width, info.Height, info.Rotation));
        var g = Placement.Compute(180, 320, 60, 40, spec);
        var frame = Frames.At(result.OutputPath, 0.5);
        var box = new Region(g.X, g.Y, g.Width, g.Height);
        Assert.True(frame.MeanColor(box.TopHalf.Inflate(-3)).R > 200, "red (the image's top) is on top as the viewer sees it");
        Assert.True(frame.MeanColor(box.BottomHalf.Inflate(-3)).B > 200, "blue (the image's bottom) is below");
        Assert.Equal(Frames.AudioMd5(input), Frames.AudioMd5(result.OutputPath));
    }

    [Fact]
    public async Task Odd_sized_input_becomes_even()
    {
        var input = TestMedia.Clip(PathIn("odd.mkv"), new ClipOptions { Width = 321, Height = 181, Seconds = 1, PixelFormat = "yuv444p" });

        var result = await ApplyAsync(input, SeedWatermark());

        var info = Frames.Probe(result.OutputPath);
        Assert.Equal((320, 180, "yuv420p"), (info.Width, info.Height, info.PixelFormat));
    }

    [Theory]
    [InlineData("yuv420p10le")]
    [InlineData("yuv444p")]
    public async Task Ten_bit_and_444_inputs_become_8_bit_420(string pixelFormat)
    {
        var input = TestMedia.Clip(PathIn("deep.mp4"), new ClipOptions { PixelFormat = pixelFormat, Seconds = 1 });

        var result = await ApplyAsync(input, SeedWatermark());

        var info = Frames.Probe(result.OutputPath);
        Assert.Equal("yuv420p", info.PixelFormat);
        Assert.Contains(info.VideoProfile, new[] { "Constrained Baseline", "Main", "High" }); // 8-bit 4:2:0 profiles every browser decodes
        Assert.Equal(Frames.AudioMd5(input), Frames.AudioMd5(result.OutputPath));
    }

    [Fact]
    public async Task Video_without_audio_gives_output_without_audio()
    {
        var input = TestMedia.Clip(PathIn("silent.m4v"), new ClipOptions { Audio = false, Seconds = 1 });

        var result = await ApplyAsync(input, SeedWatermark());

        Assert.False(Frames.Probe(result.OutputPath).HasAudio);
        Assert.Equal(25, Frames.CountFrames(result.OutputPath));
    }

    [Fact]
    public async Task Variable_frame_rate_input_keeps_every_frame_and_its_timing()
    {
        var input = TestMedia.Clip(PathIn("vfr.mp4"), new ClipOptions { VariableFrameRate = true, Seconds = 2 });

        var result = await ApplyAsync(input, SeedWatermark());

        Assert.Equal(Frames.CountFrames(input), Frames.CountFrames(result.OutputPath));
        var expected = Frames.FrameTimes(input);
        var actual = Frames.FrameTimes(result.OutputPath);
        Assert.All(expected.Zip(actual), p => Assert.InRange(p.Second - p.First, -0.002, 0.002));
    }

    [Fact]
    public async Task Webm_with_opus_is_accepted_and_its_audio_reencoded_to_aac()
    {
        var input = TestMedia.Clip(PathIn("clip.webm"), new ClipOptions { Seconds = 1 });

        var result = await ApplyAsync(input, SeedWatermark());

        var info = Frames.Probe(result.OutputPath);
        Assert.Equal(("h264", "aac"), (info.VideoCodec, info.AudioCodec));
        Assert.InRange(info.Duration, 0.9, 1.15);
        Assert.Contains("opus re-encoded to AAC", File.ReadAllText(result.LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mov_input_is_accepted()
    {
        var input = TestMedia.Clip(PathIn("camera.mov"), new ClipOptions { Seconds = 1 });

        var result = await ApplyAsync(input, SeedWatermark());

        Assert.Equal("h264", Frames.Probe(result.OutputPath).VideoCodec);
        Assert.Equal(Frames.AudioMd5(input), Frames.AudioMd5(result.OutputPath));
    }

    [Fact]
    public async Task Progress_climbs_from_0_to_100_and_the_log_holds_the_command_and_ffmpeg_output()
    {
        var input = TestMedia.Clip(PathIn("in.mp4"));
        var seen = new List<double>();

        var result = await ApplyAsync(input, SeedWatermark(), progress: new SyncProgress(seen.Add));

        Assert.Equal(0, seen[0]);
        Assert.Equal(100, seen[^1]);
        Assert.True(seen.Count >= 3, $"progress values: {string.Join(", ", seen)}");
        Assert.Equal(seen.Order(), seen);
        var log = File.ReadAllText(result.LogPath);
        Assert.Equal(PathIn("out.mp4.log"), result.LogPath);
        Assert.Contains(result.CommandLine, log, StringComparison.Ordinal);
        Assert.Contains("-fps_mode passthrough", result.CommandLine, StringComparison.Ordinal);
        Assert.Contains("Stream mapping:", log, StringComparison.Ordinal);
    }

    private static bool MoovBeforeMdat(string path)
    {
        var head = File.ReadAllBytes(path).AsSpan();
        var moov = head.IndexOf("moov"u8);
        var mdat = head.IndexOf("mdat"u8);
        return moov >= 0 && mdat >= 0 && moov < mdat;
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this records in order, on the reporting thread.</summary>
    private sealed class SyncProgress(Action<double> onReport) : IProgress<double>
    {
        private readonly Lock gate = new();

        public void Report(double value)
        {
            lock (gate)
            {
                onReport(value);
            }
        }
    }
}
