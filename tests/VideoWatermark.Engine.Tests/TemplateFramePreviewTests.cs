using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>
/// The editor's preview (<see cref="ITemplateFrameRenderer"/>) against the real output: a still frame drawn at a moment
/// must look like the output's frame at that moment, over every layer's area, through fades, windows and motion.
/// </summary>
public sealed class TemplateFramePreviewTests : EngineTestBase
{
    private const double Seconds = 4;
    private static readonly DateTimeOffset Day = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task The_preview_at_any_moment_matches_the_outputs_frame_at_that_moment()
    {
        // A busy picture, so a misplaced or missing layer cannot hide in a flat field; the video is that picture, held.
        var frame = PathIn("frame.png");
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1", "-update", "1", frame);
        var video = PathIn("held.mp4");
        MediaTool.Ffmpeg("-y", "-loop", "1", "-framerate", "25", "-i", frame, "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "4", "-pix_fmt", "yuv420p", video);
        TestMedia.TwoToneImage(PathIn("logo.png"), 64, 32);
        var template = new WatermarkTemplate
        {
            Name = "screener",
            Layers =
            [
                new TemplateLayer { Type = LayerType.Image, Image = "logo.png", Position = Anchor.Center, Opacity = 0.8 },
                new TemplateLayer
                {
                    Type = LayerType.Text, Text = "For {recipient}", Size = 0.12, Outline = true, Position = Anchor.BottomRight, Margin = 0.05,
                    Start = 1, End = 3.5, FadeIn = 0.5, Motion = new LayerMotion { Type = MotionKind.Hop, Period = 2 },
                },
            ],
        };
        var tokens = TokenValues.For(Day, "held.mp4", "job-1", new Dictionary<string, string> { ["recipient"] = "Ana Díaz" });

        var output = await Engine.ApplyTemplateAsync(new TemplateRequest(video, PathIn("out.mp4"), template, tokens, Dir));

        var logo = Placement.Compute(320, 180, 64, 32, new WatermarkSpec { Position = Anchor.Center });
        var logoArea = new Region(logo.X, logo.Y, logo.Width, logo.Height).Inflate(4);
        var bottomRight = new Region(150, 120, 170, 60);
        var topLeft = new Region(0, 0, 170, 60);
        var plain = Frames.At(frame);

        // Frame times at 25 fps: before the text, mid-fade, shown at its anchor, hopped to the first corner (a period
        // later), after the end.
        foreach (var (at, textArea, textShown) in new[] { (0.52, bottomRight, false), (1.2, bottomRight, true), (1.8, bottomRight, true), (2.4, topLeft, true), (3.8, bottomRight, false) })
        {
            var preview = PathIn($"preview-{at}.png");
            await File.WriteAllBytesAsync(preview, await Engine.RenderFrameAsync(new TemplateFrameRequest(frame, template, tokens, Dir, at, Seconds)));
            var drawn = Frames.At(preview);
            var encoded = Frames.At(output.OutputPath, at);

            foreach (var (name, area) in new[] { ("image layer", logoArea), ("text layer", textArea) })
            {
                var ssim = Ssim.Of(drawn, encoded, area);
                Console.WriteLine($"t={at}: {name} over {area}: SSIM {ssim:0.0000}");
                Assert.True(ssim >= 0.98, $"at {at} s the preview's {name} over {area} differs from the output's frame: SSIM {ssim:0.0000}");
            }

            // Not a match of two empty pictures: the layers are really there (or really not) in both.
            Assert.True(Frames.ChangedFraction(plain, drawn, logoArea) > 0.2, $"at {at} s the preview has no image layer");
            Assert.Equal(textShown, Frames.ChangedFraction(plain, drawn, textArea) > 0.02);
        }
    }

    [Fact]
    public async Task A_preview_of_a_template_with_a_missing_token_is_refused_naming_it()
    {
        var frame = TestMedia.TwoToneImage(PathIn("frame.png"), 320, 180);
        var template = new WatermarkTemplate { Name = "t", Layers = [new TemplateLayer { Type = LayerType.Text, Text = "For {recipient}" }] };

        var refusal = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Engine.RenderFrameAsync(new TemplateFrameRequest(frame, template, TokenValues.For(Day, null, null, null), Dir, 1, Seconds)));

        Assert.Contains("{recipient}", refusal.Message, StringComparison.Ordinal);
    }
}
