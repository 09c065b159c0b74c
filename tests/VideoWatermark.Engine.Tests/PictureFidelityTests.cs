using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;
using Xunit.Abstractions;

namespace VideoWatermark.Engine.Tests;

/// <summary>
/// Whatever the input's bit depth, chroma, size or container, the viewer gets the same picture back with the
/// watermark where asked: first, middle and last frames compared outside the watermark, so a colour-range or matrix
/// shift (limited vs full, BT.601 vs BT.709) fails, not only a wrong pixel format.
/// </summary>
public sealed class PictureFidelityTests(ITestOutputHelper output) : EngineTestBase
{
    // Pixel by pixel, 4:4:4 input loses chroma detail at testsrc2's sharp colour edges in 4:2:0: this only catches a
    // picture that is plainly wrong.
    private const double MinPsnr = 28;

    // Coding noise averages out; a systematic shift of a level or two over a whole frame is a conversion error.
    private const double MaxShift = 1.5;

    // Block means hide coding noise and chroma subsampling; what is left is a change of colour over whole areas. An
    // engine writing full-range samples tagged as limited range falls below this.
    private const double MinBlockPsnr = 45;

    private static readonly WatermarkSpec Spec = new() { Position = Anchor.BottomRight, Margin = 0.05 };

    public static TheoryData<string> Inputs() => ["plain.mp4", "ten-bit.mp4", "four-four-four.mp4", "odd-size.mkv", "vp9.webm"];

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task First_middle_and_last_frames_match_the_input_outside_the_watermark_which_is_where_asked(string name)
    {
        var options = name switch
        {
            "ten-bit.mp4" => new ClipOptions { PixelFormat = "yuv420p10le" },
            "four-four-four.mp4" => new ClipOptions { PixelFormat = "yuv444p" },
            "odd-size.mkv" => new ClipOptions { Width = 321, Height = 181, PixelFormat = "yuv444p" },
            _ => new ClipOptions(),
        };
        var input = TestMedia.Clip(PathIn(name), options with { Seconds = 1.2, Audio = false });
        var mark = TestMedia.TwoToneImage(PathIn("mark.png"), 64, 32);

        var result = await ApplyAsync(input, mark, Spec);

        Assert.Equal(Frames.CountFrames(input), Frames.CountFrames(result.OutputPath));
        var g = Placement.Compute(320, 180, 64, 32, Spec);
        var box = new Region(g.X, g.Y, g.Width, g.Height);
        var frames = PictureFidelity.Compare(input, result.OutputPath, box);
        var seen = PictureFidelity.Describe(frames);
        output.WriteLine($"{name}: {seen}");
        Assert.All(frames, f =>
        {
            Assert.True(f.Psnr > MinPsnr, $"outside the watermark the picture should match the input: {seen}");
            Assert.True(f.BlockPsnr > MinBlockPsnr && f.LargestShift < MaxShift, $"no colour shift outside the watermark: {seen}");
            Assert.True(f.Output.MeanColor(box.TopHalf.Inflate(-3)).R > 200, $"frame {f.Index}: the watermark's red half is on top, where asked");
            Assert.True(f.Output.MeanColor(box.BottomHalf.Inflate(-3)).B > 200, $"frame {f.Index}: its blue half below");
        });
    }

    [Fact]
    public async Task Two_audio_tracks_are_both_kept_in_order_and_copied_bit_exact()
    {
        var input = TestMedia.Clip(PathIn("two-tracks.mp4"), new ClipOptions { AudioTracks = 2, Seconds = 1 });

        var result = await ApplyAsync(input, SeedWatermark());

        var tracks = Frames.AudioTracks(result.OutputPath);
        Assert.Equal([("aac", 1, "eng"), ("aac", 2, "fra")], tracks.Select(t => (t.Codec, t.Channels, t.Language)));
        Assert.Equal(Frames.AudioTrackMd5(input, 0), Frames.AudioTrackMd5(result.OutputPath, 0));
        Assert.Equal(Frames.AudioTrackMd5(input, 1), Frames.AudioTrackMd5(result.OutputPath, 1));
        Assert.NotEqual(Frames.AudioTrackMd5(input, 0), Frames.AudioTrackMd5(input, 1));
    }

    [Fact]
    public async Task Audio_that_starts_after_the_video_keeps_its_offset()
    {
        var input = TestMedia.Clip(PathIn("late-sound.mp4"), new ClipOptions { AudioDelaySeconds = 0.5, Seconds = 1.5 });
        var offsetIn = Frames.AudioTracks(input)[0].StartTime - Frames.VideoStart(input);
        Assert.InRange(offsetIn, 0.4, 0.6); // the clip is what this test takes it for

        var result = await ApplyAsync(input, SeedWatermark());

        var offsetOut = Frames.AudioTracks(result.OutputPath)[0].StartTime - Frames.VideoStart(result.OutputPath);
        Assert.InRange(offsetOut - offsetIn, -0.04, 0.04); // within one frame at 25 fps
        Assert.Equal(Frames.AudioTrackMd5(input, 0), Frames.AudioTrackMd5(result.OutputPath, 0));
    }
}
