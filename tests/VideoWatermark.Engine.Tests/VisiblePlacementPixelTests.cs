using System.Globalization;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>
/// Placement applies to the watermark's visible pixels, not to its transparent canvas: the original design's
/// watermark (a 640x480 canvas with the text in the middle) placed top-left with a 2% margin at 40% of the width
/// shows its text from 2% of the shorter side on, 40% of the frame wide, in every frame of the output.
/// </summary>
public sealed class VisiblePlacementPixelTests : EngineTestBase
{
    private const int Width = 640;
    private const int Height = 360;
    private const double Seconds = 3;

    private static readonly WatermarkSpec TopLeft = new() { Position = Anchor.TopLeft, Margin = 0.02, Scale = 0.4 };

    private string Dark() =>
        TestMedia.Clip(PathIn("dark.mp4"), new ClipOptions { Width = Width, Height = Height, Color = "0x202020", Seconds = Seconds, Audio = false });

    [Fact]
    public async Task The_seed_watermark_at_top_left_2_percent_40_percent_shows_its_text_there_in_the_first_middle_and_last_frame()
    {
        var input = Dark();

        var result = await ApplyAsync(input, SeedWatermark(), TopLeft);

        AssertTextAtTopLeft(input, result.OutputPath);
    }

    [Fact]
    public async Task A_template_image_layer_places_the_visible_part_the_same_way()
    {
        var input = Dark();
        SeedWatermark();
        var template = new WatermarkTemplate
        {
            Name = "seed",
            Layers = [new TemplateLayer { Type = LayerType.Image, Image = "watermark.png", Position = Anchor.TopLeft, Margin = 0.02, Scale = 0.4 }],
        };

        var result = await Engine.ApplyTemplateAsync(new TemplateRequest(input, PathIn("template.mp4"), template, TokenValues.For(DateTimeOffset.UnixEpoch, input, "job-1", null), Dir));

        AssertTextAtTopLeft(input, result.OutputPath);
    }

    [Fact]
    public async Task The_default_centered_at_its_own_size_is_the_original_designs_overlay_pixel_for_pixel()
    {
        var input = TestMedia.Clip(PathIn("hd.mp4"), new ClipOptions { Width = 1280, Height = 720, Color = "0x202020", Seconds = 1, Audio = false });
        var seed = SeedWatermark();

        var ours = await ApplyAsync(input, seed, new WatermarkSpec());

        // The original design's command: the whole canvas, centered by ffmpeg's own expression, same encoder.
        var original = PathIn("original.mp4");
        MediaTool.Ffmpeg("-y", "-i", input, "-i", seed, "-filter_complex", "[0:v][1:v]overlay=x=(main_w-overlay_w)/2:y=(main_h-overlay_h)/2,format=yuv420p[out]",
            "-map", "[out]", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p", original);
        Assert.Equal(new OverlayGeometry(320, 120, 640, 480), Placement.Compute(1280, 720, DefaultWatermark.Width, DefaultWatermark.Height, new WatermarkSpec()));
        Assert.Equal(Placement.Compute(1280, 720, DefaultWatermark.Width, DefaultWatermark.Height, new WatermarkSpec()),
            Placement.Place(1280, 720, DefaultWatermark.Width, DefaultWatermark.Height, DefaultWatermark.Visible, new WatermarkSpec()).Geometry);
        Assert.DoesNotContain("crop=", ours.CommandLine, StringComparison.Ordinal);

        var before = Frames.At(input, 0.5);
        var expected = Frames.At(original, 0.5);
        var actual = Frames.At(ours.OutputPath, 0.5);
        var text = Frames.ChangedBox(before, expected)!.Value;
        var difference = Frames.MeanAbsDiff(expected, actual, actual.Whole);
        Console.WriteLine($"original design's text at {text}; ours at {Frames.ChangedBox(before, actual)}; mean difference {difference:0.000}");
        Assert.Equal(text, Frames.ChangedBox(before, actual));
        Assert.True(difference < 0.05, $"the default output differs from the original design's: {difference:0.000} per channel");
    }

    [Fact]
    public async Task A_fully_transparent_watermark_is_refused_by_name()
    {
        var input = Dark();
        var clear = TestMedia.TwoToneImage(PathIn("clear.png"), 64, 32, opacity: 0);

        var refused = await Assert.ThrowsAsync<VideoRejectedException>(() => ApplyAsync(input, clear, TopLeft));

        Assert.Contains("'clear.png' is fully transparent", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(PathIn("out.mp4")));
    }

    /// <summary>The text's drawn box starts at the margin (2% of 360 = 7 px) and is 40% of 640 = 256 px wide.</summary>
    private static void AssertTextAtTopLeft(string input, string output)
    {
        var frames = Frames.CountFrames(output);
        Assert.Equal(Frames.CountFrames(input), frames);
        var margin = (int)Math.Round(0.02 * Height);
        var expected = Placement.Place(Width, Height, DefaultWatermark.Width, DefaultWatermark.Height, DefaultWatermark.Visible, TopLeft).Geometry;
        Assert.Equal(new OverlayGeometry(margin, margin, 256, expected.Height), expected);

        var indices = new[] { 0, frames / 2, frames - 1 };
        var before = Frames.Numbered(input, indices, Width, Height);
        var after = Frames.Numbered(output, indices, Width, Height);
        for (var i = 0; i < indices.Length; i++)
        {
            var ink = Frames.ChangedBox(before[i], after[i]);
            Assert.True(ink is not null, $"frame {indices[i]}: nothing was drawn");
            var box = ink.Value;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"frame {indices[i]}: text at {box} = {100.0 * box.X / Width:0.0}%/{100.0 * box.Y / Height:0.0}%, {100.0 * box.Width / Width:0.0}% wide; expected {expected}"));
            Assert.InRange(box.X, margin - 1, margin + 3);
            Assert.InRange(box.Y, margin - 1, margin + 3);
            Assert.InRange(box.Width, 0.4 * Width * 0.97, 0.4 * Width * 1.01);
            Assert.InRange(box.Height, expected.Height * 0.85, expected.Height + 1);
        }
    }
}
