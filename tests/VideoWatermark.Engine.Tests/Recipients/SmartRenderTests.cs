using System.Text;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine.Recipients;
using VideoWatermark.Engine.Tests.Segments;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests.Recipients;

/// <summary>
/// Personal copies made in pieces, as a pipeline would run them (plan, base, each copy's pieces, each copy's join), at
/// the engine's default settings, judged from the decoded outputs: outside the personal pieces every frame is the
/// base's, bit for bit; inside them each copy is as close to a lossless render of its template as a full encode is;
/// frames, times and audio are the source's; the copies differ from each other only where and when the name shows.
/// </summary>
public sealed class SmartRenderTests : EngineTestBase
{
    private const int Width = 480;
    private const int Height = 270;

    private static readonly string[] Names = ["Ana Díaz", "Bob Li", "Chidi Okafor"];

    private readonly FfmpegWatermarkEngine defaults = new(new EngineOptions());
    private readonly FfmpegWatermarkEngine lossless = new(new EngineOptions { Preset = "ultrafast", Crf = 0 });

    [Fact]
    public async Task Three_copies_share_the_base_outside_the_name_windows_and_match_a_full_encode_inside_them()
    {
        var input = MovingClip(PathIn("moving.mp4"), seconds: 14);
        var template = ScreenerTemplate(nameWindow: """ "start": 1, "repeat": { "every": 6, "for": 1.9 } """);
        var tokens = Names.Select(n => Tokens(n)).ToList();
        IRecipientEngine engine = defaults;

        var plan = await engine.PlanRecipientsAsync(input, "moving.mp4", template, tokens, gridSeconds: 1);

        Assert.True(plan.Smart, plan.Reason);
        Assert.Equal([2], plan.PersonalLayers);
        var personal = plan.Pieces.Where(p => p.Personal).Select(p => p.Segment).ToList();
        Assert.Equal([1.0, 7.0, 13.0], personal.Select(s => Math.Round(s.Start, 2)));
        Assert.Equal([3.0, 9.0, 14.0], personal.Select(s => Math.Round(s.End, 2)));

        var encodedBase = await engine.EncodeBaseAsync(Request(input, template, tokens[0], "unused.mp4"), plan, PathIn("base"));
        var outputs = new List<string>();
        for (var r = 0; r < tokens.Count; r++)
        {
            var pieces = await engine.EncodeCopyPiecesAsync(Request(input, template, tokens[r], "unused.mp4"), plan, PathIn($"copy-{r}"));
            var joined = await engine.JoinCopyAsync(new RecipientJoinRequest(input, plan, encodedBase.PieceFiles, pieces.PieceFiles, PathIn($"copy-{r}.mp4")));
            Assert.Equal(plan.Frames, joined.Frames);
            outputs.Add(joined.OutputPath);
        }

        // The frames, their times and the audio are the source's.
        var frames = Frames.CountFrames(input);
        var times = Frames.FrameTimes(input);
        var audio = Frames.AudioTrackMd5(input, 0);
        foreach (var output in outputs)
        {
            Assert.Equal(frames, Frames.CountFrames(output));
            var outputTimes = Frames.FrameTimes(output);
            Assert.Equal(times, outputTimes);
            Assert.All(outputTimes.Skip(1).Select((t, i) => t > outputTimes[i]), Assert.True);
            Assert.Equal(audio, Frames.AudioTrackMd5(output, 0));
        }

        // Outside the personal pieces every decoded frame is the base's, bit for bit.
        var baseHashes = plan.Pieces.Where(p => !p.Personal).SelectMany(p => SplitTestMedia.FrameHashes(encodedBase.PieceFiles[p.Segment.Index]!).Select(f => f.Md5)).ToList();
        var shared = plan.Pieces.Where(p => !p.Personal).SelectMany(p => Enumerable.Range(p.Segment.FirstFrame, p.Segment.FrameCount)).ToList();
        Assert.Equal(shared.Count, baseHashes.Count);
        var copyHashes = outputs.Select(o => SplitTestMedia.FrameHashes(o).Select(f => f.Md5).ToList()).ToList();
        foreach (var hashes in copyHashes)
        {
            Assert.Equal(baseHashes, shared.Select(i => hashes[i]));
        }

        // Inside them each copy is as close to a lossless render of its template as a full encode of it (SSIM over
        // every other frame of the personal pieces; a frame just before a closed group's end costs the copy a little,
        // as it costs the base at every grid point, which the mean carries).
        int[] sampled = [.. personal.SelectMany(s => Enumerable.Range(s.FirstFrame, s.FrameCount).Where(i => (i - s.FirstFrame) % 2 == 0 || i == s.FirstFrame + s.FrameCount - 1))];
        var whole = new Region(0, 0, Width, Height);
        for (var r = 0; r < tokens.Count; r++)
        {
            await defaults.ApplyTemplateAsync(Request(input, template, tokens[r], $"full-{r}.mp4"));
            await lossless.ApplyTemplateAsync(Request(input, template, tokens[r], $"reference-{r}.mp4"));
            var reference = Frames.Numbered(PathIn($"reference-{r}.mp4"), sampled, Width, Height);
            var full = Frames.Numbered(PathIn($"full-{r}.mp4"), sampled, Width, Height);
            var copy = Frames.Numbered(outputs[r], sampled, Width, Height);
            var scores = sampled.Select((n, k) => (Frame: n, Copy: Ssim.Of(copy[k], reference[k], whole), Full: Ssim.Of(full[k], reference[k], whole))).ToList();
            var (copyMean, fullMean) = (scores.Average(s => s.Copy), scores.Average(s => s.Full));
            var worst = scores.MinBy(s => s.Copy - s.Full);
            Assert.True(copyMean >= fullMean - 0.005, $"copy {r}: SSIM {copyMean:0.0000} against the lossless render in the personal pieces, the full encode's {fullMean:0.0000} (worst frame {worst.Frame}: {worst.Copy:0.0000} against {worst.Full:0.0000})");
            Assert.True(worst.Copy >= worst.Full - 0.01, $"copy {r}, frame {worst.Frame}: SSIM {worst.Copy:0.0000} against the full encode's {worst.Full:0.0000}");
        }

        // The copies differ from each other only in the name's band, and only in the personal pieces: there, clearly;
        // elsewhere in those pieces by coding noise alone (two encodes of the same picture), far below a name's area.
        var band = new Region(0, Height * 35 / 100, Width, Height * 30 / 100);
        var first = Frames.Numbered(outputs[0], sampled, Width, Height);
        for (var r = 1; r < tokens.Count; r++)
        {
            Assert.Equal(copyHashes[0].Where((_, i) => shared.Contains(i)), copyHashes[r].Where((_, i) => shared.Contains(i)));
            var other = Frames.Numbered(outputs[r], sampled, Width, Height);
            var inWindow = personal.SelectMany(s => new[] { s.FirstFrame + (s.FrameCount / 2) }).ToHashSet();
            for (var k = 0; k < sampled.Length; k++)
            {
                var (outside, noise) = (Frames.ChangedFractionOutside(first[k], other[k], band, threshold: 96), MeanAbsDiffOutside(first[k], other[k], band));
                Assert.True(outside < 0.002 && noise < 3, $"copies 0 and {r}, frame {sampled[k]}: {outside:P3} changed by more than 96 outside the name's band, {noise:0.000} on average");
                if (inWindow.Contains(sampled[k]))
                {
                    Assert.True(Frames.ChangedFraction(first[k], other[k], band, threshold: 96) > 0.02, $"copies 0 and {r}, frame {sampled[k]}: the names look alike");
                }
            }
        }
    }

    [Fact]
    public async Task A_personal_layer_always_shown_makes_every_copy_a_full_encode()
    {
        var input = MovingClip(PathIn("short.mp4"), seconds: 4);
        var template = ScreenerTemplate(nameWindow: "");
        var tokens = Names.Take(2).Select(n => Tokens(n)).ToList();

        var result = await defaults.ApplyRecipientsAsync(new RecipientsRequest(input, template, Dir, tokens, [PathIn("a.mp4"), PathIn("b.mp4")], GridSeconds: 1));

        Assert.False(result.Plan.Smart);
        Assert.Contains("always shown", result.Plan.Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, result.BaseTime);
        Assert.All(result.Copies, c => Assert.True(c.Full));
        await defaults.ApplyTemplateAsync(Request(input, template, tokens[1], "full-b.mp4"));
        Assert.Equal(SplitTestMedia.FrameHashes(PathIn("full-b.mp4")), SplitTestMedia.FrameHashes(PathIn("b.mp4")));
    }

    [Fact]
    public async Task Shared_pieces_encoded_one_at_a_time_join_with_each_copys_pieces_and_are_the_same_for_every_copy()
    {
        var input = MovingClip(PathIn("short.mp4"), seconds: 6);
        var template = ScreenerTemplate(nameWindow: """ "start": 0.2, "end": 0.8 """);
        var tokens = Names.Take(2).Select(n => Tokens(n)).ToList();
        IRecipientEngine engine = defaults;
        var plan = await engine.PlanRecipientsAsync(input, "short.mp4", template, tokens, gridSeconds: 2);
        Assert.True(plan.Smart, plan.Reason);
        var shared = plan.Pieces.Where(p => !p.Personal).Select(p => p.Segment.Index).ToList();
        Assert.NotEmpty(shared);

        // As a pipeline's workers would: each shared piece on its own, with any recipient's tokens.
        var files = new string?[plan.Pieces.Count];
        foreach (var index in shared)
        {
            var one = await engine.EncodeSharedPiecesAsync(Request(input, template, tokens[^1], "unused.mp4"), plan, [index], PathIn($"shared-{index}"));
            Assert.Equal([index], one.PieceFiles.Select((f, i) => (f, i)).Where(x => x.f is not null).Select(x => x.i));
            files[index] = one.PieceFiles[index];
        }

        var outputs = new List<string>();
        for (var r = 0; r < tokens.Count; r++)
        {
            var pieces = await engine.EncodeCopyPiecesAsync(Request(input, template, tokens[r], "unused.mp4"), plan, PathIn($"copy-{r}"));
            var joined = await engine.JoinCopyAsync(new RecipientJoinRequest(input, plan, files, pieces.PieceFiles, PathIn($"copy-{r}.mp4")));
            Assert.Equal(Frames.CountFrames(input), joined.Frames);
            outputs.Add(joined.OutputPath);
        }

        var frames = plan.Pieces.Where(p => !p.Personal).SelectMany(p => Enumerable.Range(p.Segment.FirstFrame, p.Segment.FrameCount)).ToList();
        var (a, b) = (SplitTestMedia.FrameHashes(outputs[0]).Select(f => f.Md5).ToList(), SplitTestMedia.FrameHashes(outputs[1]).Select(f => f.Md5).ToList());
        Assert.Equal(frames.Select(i => a[i]), frames.Select(i => b[i]));
        var personal = plan.Pieces.First(p => p.Personal).Segment.Index;
        await Assert.ThrowsAsync<ArgumentException>(() => engine.EncodeSharedPiecesAsync(Request(input, template, tokens[0], "unused.mp4"), plan, [personal], PathIn("wrong")));
    }

    [Fact]
    public async Task Pieces_encoded_with_other_parameter_sets_are_not_joined()
    {
        var input = MovingClip(PathIn("short.mp4"), seconds: 6);
        var template = ScreenerTemplate(nameWindow: """ "start": 1, "end": 1.5 """);
        var tokens = Names.Take(2).Select(n => Tokens(n)).ToList();
        var plan = await defaults.PlanRecipientsAsync(input, "short.mp4", template, tokens, gridSeconds: 1);
        Assert.True(plan.Smart, plan.Reason);

        var encodedBase = await defaults.EncodeBaseAsync(Request(input, template, tokens[0], "unused.mp4"), plan, PathIn("base"));
        var pieces = await Engine.EncodeCopyPiecesAsync(Request(input, template, tokens[0], "unused.mp4"), plan, PathIn("copy"));

        var error = await Assert.ThrowsAsync<EncodeFailedException>(() =>
            defaults.JoinCopyAsync(new RecipientJoinRequest(input, plan, encodedBase.PieceFiles, pieces.PieceFiles, PathIn("copy.mp4"))));
        Assert.Contains("parameter sets", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(PathIn("copy.mp4")));
    }

    /// <summary>The mean absolute difference per channel above and below <paramref name="band"/>, a full-width band.</summary>
    private static double MeanAbsDiffOutside(RgbFrame a, RgbFrame b, Region band) =>
        (Frames.MeanAbsDiff(a, b, new Region(0, 0, Width, band.Y)) * band.Y + Frames.MeanAbsDiff(a, b, new Region(0, band.Bottom, Width, Height - band.Bottom)) * (Height - band.Bottom)) / (Height - band.Height);

    private TemplateRequest Request(string input, WatermarkTemplate template, IReadOnlyDictionary<string, string> tokens, string output) =>
        new(input, PathIn(output), template, tokens, Dir);

    private static IReadOnlyDictionary<string, string> Tokens(string name) =>
        TokenValues.For(DateTimeOffset.UtcNow, "moving.mp4", null, new Dictionary<string, string> { ["recipient"] = name });

    /// <summary>A logo and a shared text always on, and the recipient's name in the middle, large, in <paramref name="nameWindow"/>.</summary>
    private WatermarkTemplate ScreenerTemplate(string nameWindow)
    {
        TestMedia.TwoToneImage(PathIn("logo.png"), 64, 32);
        var window = nameWindow.Length == 0 ? "" : "," + nameWindow;
        return TemplateJson.Deserialize(Encoding.UTF8.GetBytes($$"""
            { "name": "screener", "layers": [
              { "type": "image", "image": "logo.png", "position": "top-right", "margin": 0.03, "opacity": 0.8 },
              { "type": "text", "text": "SCREENER {date}", "position": "bottom-left", "size": 0.06, "opacity": 0.7 },
              { "type": "text", "text": "For {recipient}", "position": "center", "size": 0.12, "outline": true {{window}} } ] }
            """));
    }

    /// <summary>testsrc2 panning (every pixel moves every frame) at 25 fps with an AAC track, a keyframe every 2 s, B-frames.</summary>
    private static string MovingClip(string path, int seconds)
    {
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", $"testsrc2=size={Width}x{Height}:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={seconds}",
            "-map", "0:v", "-map", "1:a", "-vf", "scroll=horizontal=0.011:vertical=0.007",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac", path);
        return path;
    }

    public override void Dispose()
    {
        defaults.Dispose();
        lossless.Dispose();
        base.Dispose();
    }
}
