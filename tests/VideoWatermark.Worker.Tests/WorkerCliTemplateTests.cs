using VideoWatermark.Engine.Tests;
using VideoWatermark.Testing.Media;
using VideoWatermark.Worker.Cli;

namespace VideoWatermark.Worker.Tests;

/// <summary><c>apply --template … --var …</c> run as a user runs it: a separate process, judged by exit code and pixels.</summary>
public sealed class WorkerCliTemplateTests : EngineTestBase
{
    private static readonly string WorkerDll = BuiltWorker.Dll;

    private const string Screener = """
        {
          "name": "screener",
          "layers": [
            { "type": "image", "image": "logo.png", "position": "top-right", "margin": 0.03, "scale": 0.15, "opacity": 0.8 },
            { "type": "text", "text": "For {recipient} · {date}", "position": "bottom-left", "margin": 0.04, "size": 0.08, "outline": true }
          ]
        }
        """;

    [Fact]
    public async Task Apply_with_a_template_and_variables_draws_the_text_and_the_image()
    {
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1, Color = "0x202020", Audio = false });
        TestMedia.TwoToneImage(PathIn("logo.png"), 64, 32);
        File.WriteAllText(PathIn("screener.json"), Screener);

        var (code, stdout, stderr) = await RunAsync("apply", "--input", input, "--output", PathIn("out.mp4"), "--template", PathIn("screener.json"),
            "--var", "recipient=Ana Díaz", "--preset", "ultrafast");

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(PathIn("out.mp4"), stdout.Trim());
        var before = Frames.At(input, 0.5);
        var after = Frames.At(PathIn("out.mp4"), 0.5);
        Assert.True(Frames.ChangedFraction(before, after, new Region(240, 0, 80, 30)) > 0.2, "the logo, top-right");
        Assert.True(Frames.ChangedFraction(before, after, new Region(0, 140, 200, 40)) > 0.05, "the text, bottom-left");
        Assert.True(Frames.ChangedFraction(before, after, new Region(100, 50, 120, 60)) < 0.001, "nothing in the middle");
    }

    [Theory]
    [InlineData("""{"name":"s","layers":[{"type":"text","text":"For {recipient}"}]}""", "The token {recipient} has no value")]
    [InlineData("""{"name":"s","layers":[{"type":"text","text":"x","opacity":3},{"type":"image"}]}""", "Layer 1 (text): opacity 3 is out of range")]
    public async Task A_missing_token_or_an_invalid_template_exits_2_with_the_reason_and_no_output(string json, string reason)
    {
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1, Audio = false });
        File.WriteAllText(PathIn("t.json"), json);

        var (code, _, stderr) = await RunAsync("apply", "--input", input, "--output", PathIn("out.mp4"), "--template", PathIn("t.json"));

        Assert.Equal(ExitCodes.Usage, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.False(File.Exists(PathIn("out.mp4")));
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var result = await ProcessRun.RunAsync("dotnet", [WorkerDll, .. args], Dir, timeout: TimeSpan.FromMinutes(2));
        return (result.ExitCode, result.StdOut, result.StdErr);
    }
}
