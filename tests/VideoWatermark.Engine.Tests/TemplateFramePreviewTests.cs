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
            await File.WriteAllBytesAsync(preview, (await Engine.RenderFrameAsync(new TemplateFrameRequest(frame, template, tokens, Dir, at, Seconds))).Png);
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
    public async Task Each_layers_box_outlines_the_pixels_the_renderer_drew_there()
    {
        // A flat frame, so every pixel a layer draws shows; each layer drawn alone, so its changed pixels are its own.
        var frame = PathIn("flat.png");
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "color=c=gray:size=640x360", "-frames:v", "1", "-update", "1", frame);
        TestMedia.TwoToneImage(PathIn("logo.png"), 120, 40);
        var tokens = TokenValues.For(Day, "clip.mp4", "job-1", new Dictionary<string, string> { ["recipient"] = "Ana Díaz" });
        var layers = new[]
        {
            new TemplateLayer { Type = LayerType.Image, Image = "logo.png", Position = Anchor.TopRight, Margin = 0.03, Scale = 0.2 },
            new TemplateLayer { Type = LayerType.Image, Image = "logo.png", X = 0.4, Y = 0.55, Scale = 0.3, Rotation = 25 },
            new TemplateLayer { Type = LayerType.Image, Image = "logo.png", Position = Anchor.Center },
            new TemplateLayer { Type = LayerType.Text, Text = "For {recipient}", Size = 0.08, Box = "#000000FF", Position = Anchor.BottomLeft, Margin = 0.04 },
            new TemplateLayer { Type = LayerType.Text, Text = "CONFIDENTIAL", Size = 0.06, Box = "#FFFFFFFF", X = 0.1, Y = 0.1, Rotation = -15 },
        };
        var plain = Frames.At(frame);
        foreach (var layer in layers)
        {
            var template = new WatermarkTemplate { Name = "boxes", Layers = [layer] };
            var drawn = await Engine.RenderFrameAsync(new TemplateFrameRequest(frame, template, tokens, Dir, 1, Seconds));
            var png = PathIn("boxes.png");
            await File.WriteAllBytesAsync(png, drawn.Png);

            var box = Assert.Single(drawn.Boxes);
            Assert.NotNull(box);
            Assert.Equal((640, 360), (drawn.Width, drawn.Height));
            var changed = Frames.ChangedBox(plain, Frames.At(png));
            Console.WriteLine($"{layer.Type} {(layer.IsFreelyPlaced ? $"x {layer.X} y {layer.Y}" : layer.Anchor.ToName())}: box {box.Width}x{box.Height} at ({box.X},{box.Y}), drawn {changed}");
            Assert.NotNull(changed);
            var c = changed.Value;

            // Rotation antialiases the corners, where a rotated rectangle only touches its box: 2 pixels of slack.
            var slack = layer.Rotation == 0 ? 1 : 2;
            Assert.True(Math.Abs(c.X - box.X) <= slack && Math.Abs(c.Y - box.Y) <= slack && Math.Abs(c.Right - (box.X + box.Width)) <= slack && Math.Abs(c.Bottom - (box.Y + box.Height)) <= slack,
                $"{layer.Type} layer: the box {box.Width}x{box.Height} at ({box.X},{box.Y}) is not where it drew: {c}");
        }
    }

    [Fact]
    public async Task Tiled_and_moving_layers_have_no_box_and_sizes_come_in_the_layers_own_units()
    {
        var frame = TestMedia.TwoToneImage(PathIn("frame.png"), 320, 180);
        TestMedia.TwoToneImage(PathIn("logo.png"), 64, 32);
        var template = new WatermarkTemplate
        {
            Name = "kinds",
            Layers =
            [
                new TemplateLayer { Type = LayerType.Image, Image = "logo.png", Position = Anchor.BottomRight },
                new TemplateLayer { Type = LayerType.Text, Text = "A", Size = 0.1, Tile = true, Opacity = 0.2 },
                new TemplateLayer { Type = LayerType.Text, Text = "B", Size = 0.1, Position = Anchor.TopLeft, Motion = new LayerMotion { Type = MotionKind.Hop, Period = 5 } },
                new TemplateLayer { Type = LayerType.Text, Text = "C", Size = 0.1, Motion = new LayerMotion { Type = MotionKind.Drift, Period = 5 } },
                new TemplateLayer { Type = LayerType.Text, Text = "D", Size = 0.15, X = 0.5, Y = 0.5 },
            ],
        };

        var drawn = await Engine.RenderFrameAsync(new TemplateFrameRequest(frame, template, TokenValues.For(Day, null, null, null), Dir, 1, Seconds));

        Assert.Equal(5, drawn.Boxes.Count);
        Assert.Equal([true, false, false, false, true], drawn.Boxes.Select(b => b is not null));

        // An image at its own size stands for its share of the frame's width; a text for its size as given.
        Assert.Equal(64.0 / 320, drawn.Boxes[0]!.Size, 6);
        Assert.Equal(0.15, drawn.Boxes[4]!.Size, 6);
        Assert.Equal((160, 90), (drawn.Boxes[4]!.X, drawn.Boxes[4]!.Y));
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
