using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>
/// A user's file name never reaches a command line as text to be parsed: names built to break out of a quoted argument
/// are probed and watermarked like any other.
/// </summary>
public sealed class HostileFileNameTests : EngineTestBase
{
    [Fact]
    public async Task Input_named_with_quotes_spaces_command_substitution_and_non_ascii_is_probed_and_watermarked()
    {
        const string Marker = "vw-hostile-name-ran";
        var input = PathIn($"it's a \"clip\" $(touch {Marker}) `touch {Marker}` ; été 手机.mov");
        var mark = PathIn($"logo \"x\" $(touch {Marker}) ü.png");
        File.Move(TestMedia.Clip(PathIn("phone.mov"), new ClipOptions { Rotation = 90, Color = "0x404040", Seconds = 1 }), input);
        File.Move(TestMedia.TwoToneImage(PathIn("mark.png"), 60, 40), mark);
        var spec = new WatermarkSpec { Position = Anchor.TopLeft, Margin = 0.05 };

        var result = await ApplyAsync(input, mark, spec);

        // The probe read rotation, size and audio through the link: the output is upright 180x320 with the audio kept.
        var info = Frames.Probe(result.OutputPath);
        Assert.Equal((180, 320, 0), (info.Width, info.Height, info.Rotation));
        Assert.Equal(Frames.AudioMd5(input), Frames.AudioMd5(result.OutputPath));
        var g = Placement.Compute(180, 320, 60, 40, spec);
        var box = new Region(g.X, g.Y, g.Width, g.Height);
        var frame = Frames.At(result.OutputPath, 0.5);
        Assert.True(frame.MeanColor(box.TopHalf.Inflate(-3)).R > 200, "the watermark's red half is on top");
        Assert.True(frame.MeanColor(box.BottomHalf.Inflate(-3)).B > 200, "its blue half below");
        Assert.Contains($"input {Path.GetFileName(input)}: mov,mp4", File.ReadAllText(result.LogPath), StringComparison.Ordinal);
        Assert.False(File.Exists(Marker) || File.Exists(PathIn(Marker)), "no part of a file name ran as a command");
    }
}
