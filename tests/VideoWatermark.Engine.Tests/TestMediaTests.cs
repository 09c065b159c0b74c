using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>The generated media are what the engine tests take them for.</summary>
public sealed class TestMediaTests : IDisposable
{
    private readonly string dir = TestMedia.NewTempDirectory();

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Default_clip_is_small_h264_with_aac_audio()
    {
        var info = Frames.Probe(TestMedia.Clip(Path.Combine(dir, "a.mp4")));
        Assert.Equal(("h264", "yuv420p", 320, 180, "aac"), (info.VideoCodec, info.PixelFormat, info.Width, info.Height, info.AudioCodec));
        Assert.InRange(info.Duration, 1.9, 2.2);
        Assert.Equal(50, Frames.CountFrames(Path.Combine(dir, "a.mp4")));
    }

    [Fact]
    public void Rotated_clip_carries_a_display_matrix_and_decodes_upright_for_the_viewer()
    {
        var path = TestMedia.Clip(Path.Combine(dir, "r.mov"), new ClipOptions { Rotation = 90, Seconds = 1 });
        var info = Frames.Probe(path);
        Assert.Equal(90, Math.Abs(info.Rotation));
        Assert.Equal((180, 320), (info.DisplayWidth, info.DisplayHeight));
        var frame = Frames.At(path);
        Assert.Equal((180, 320), (frame.Width, frame.Height));
    }

    [Fact]
    public void Variable_frame_rate_clip_has_uneven_frame_durations()
    {
        var path = TestMedia.Clip(Path.Combine(dir, "v.mp4"), new ClipOptions { VariableFrameRate = true, Seconds = 1 });
        var times = Frames.FrameTimes(path);
        var gaps = times.Zip(times.Skip(1), (a, b) => Math.Round(b - a, 3)).Distinct().ToList();
        Assert.True(gaps.Count >= 2, $"gaps: {string.Join(", ", gaps)}");
        Assert.Equal(19, times.Count);
    }

    [Fact]
    public void Webm_ten_bit_flat_colour_and_silent_variants()
    {
        Assert.Equal(("vp9", "opus"), Pick(Frames.Probe(TestMedia.Clip(Path.Combine(dir, "w.webm"), new ClipOptions { Seconds = 1 }))));
        Assert.Equal("yuv420p10le", Frames.Probe(TestMedia.Clip(Path.Combine(dir, "t.mp4"), new ClipOptions { Seconds = 1, PixelFormat = "yuv420p10le" })).PixelFormat);
        var silent = Frames.Probe(TestMedia.Clip(Path.Combine(dir, "s.mkv"), new ClipOptions { Seconds = 1, Audio = false }));
        Assert.False(silent.HasAudio);
        var flat = Frames.At(TestMedia.Clip(Path.Combine(dir, "c.mp4"), new ClipOptions { Seconds = 1, Color = "0x808080" }), 0.5);
        Assert.InRange(flat.MeanLuma(flat.Whole), 120, 136);

        static (string?, string?) Pick(VideoInfo i) => (i.VideoCodec, i.AudioCodec);
    }

    [Fact]
    public void Two_tone_image_is_red_over_blue()
    {
        var image = Frames.At(TestMedia.TwoToneImage(Path.Combine(dir, "wm.png"), 40, 20));
        Assert.Equal((40, 20), (image.Width, image.Height));
        Assert.True(image.MeanColor(image.Whole.TopHalf).R > 200);
        Assert.True(image.MeanColor(image.Whole.BottomHalf).B > 200);
    }

    [Fact]
    public void Bad_inputs_are_what_they_claim()
    {
        Assert.Equal(0, new FileInfo(TestMedia.ZeroBytes(Path.Combine(dir, "z.mp4"))).Length);
        Assert.ThrowsAny<InvalidOperationException>(() => Frames.Probe(TestMedia.Truncated(Path.Combine(dir, "cut.mp4"))));
        Assert.ThrowsAny<InvalidOperationException>(() => Frames.Probe(TestMedia.TextFile(Path.Combine(dir, "t.mp4"))));
        Assert.False(Frames.Probe(TestMedia.AudioOnly(Path.Combine(dir, "a.mp4"))).HasVideo);
    }
}
