using System.Text;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Segments;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests.Segments;

/// <summary>
/// A video cut into segments, each encoded on its own, and joined, judged from the decoded output: at lossless
/// settings (CRF 0) every frame must be exactly the single pass's frame at exactly its time, so a frame lost, doubled
/// or shifted at a join, or a watermark out of step, shows as a differing hash.
/// </summary>
public sealed class SplitAndStitchTests : EngineTestBase
{
    private static readonly WatermarkSpec TopLeft = new() { Position = Anchor.TopLeft };

    private readonly FfmpegWatermarkEngine lossless = new(new EngineOptions { Preset = "ultrafast", Crf = 0 });

    [Fact]
    public async Task Split_and_joined_output_is_the_single_pass_frame_for_frame_with_the_audio_untouched()
    {
        var input = SplitTestMedia.OddClip(PathIn("odd.mp4"));
        var mark = TestMedia.TwoToneImage(PathIn("mark.png"), 64, 32);

        await lossless.ApplyAsync(new WatermarkRequest(input, mark, PathIn("single.mp4"), TopLeft));
        var split = await lossless.ApplySegmentedAsync(new WatermarkRequest(input, mark, PathIn("split.mp4"), TopLeft), new SegmentOptions(3, 0.25));

        Assert.Equal([0.0, 1.40, 2.20], split.Segments.Select(s => Math.Round(s.Start, 2)));
        var frames = Frames.CountFrames(input);
        Assert.Equal(frames, split.Frames);
        Assert.Equal(frames, Frames.CountFrames(PathIn("split.mp4")));
        Assert.Equal(SplitTestMedia.FrameHashes(PathIn("single.mp4")), SplitTestMedia.FrameHashes(PathIn("split.mp4")));
        Assert.Equal(Frames.FrameTimes(input), Frames.FrameTimes(PathIn("split.mp4")));
        Assert.Equal(Frames.AudioTrackMd5(input, 0), Frames.AudioTrackMd5(PathIn("split.mp4"), 0));
        Assert.Equal(Frames.Duration(input), Frames.Duration(PathIn("split.mp4")), 0.04);

        // The watermark is on the first, middle and last frames and on both sides of every join.
        int[] numbers = [0, frames / 2, frames - 1, .. split.Segments.Skip(1).SelectMany(s => new[] { s.FirstFrame - 1, s.FirstFrame })];
        var before = Frames.Numbered(input, numbers, 320, 180);
        var after = Frames.Numbered(PathIn("split.mp4"), numbers, 320, 180);
        for (var i = 0; i < numbers.Length; i++)
        {
            Assert.True(Frames.ChangedFraction(before[i], after[i], new Region(0, 0, 64, 32)) > 0.9, $"frame {numbers[i]}: the watermark");
            Assert.True(Frames.ChangedFractionOutside(before[i], after[i], new Region(0, 0, 66, 34)) < 0.001, $"frame {numbers[i]}: nothing else");
        }

        Assert.Empty(FilesNamed(n => n.StartsWith('.')));
        Assert.Empty(Directory.EnumerateDirectories(Dir));
        var log = File.ReadAllText(PathIn("split.mp4.log"));
        Assert.Contains("-f concat -safe 0", log, StringComparison.Ordinal);
        Assert.Contains("-copyts -start_at_zero -noaccurate_seek -ss", log, StringComparison.Ordinal);

        // The index is first (a browser plays while downloading), written into the room kept for it: no second pass.
        Assert.Equal(["ftyp", "moov", "free"], SplitTestMedia.TopLevelBoxes(PathIn("split.mp4")).Take(3));
        Assert.Contains("-moov_size", log, StringComparison.Ordinal);
        Assert.DoesNotContain("second pass", log, StringComparison.Ordinal);
        Assert.All(split.Segments, s => Assert.Contains("-copyts", File.ReadAllText(s.LogPath), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Segments_planned_encoded_and_joined_one_at_a_time_give_the_single_pass_frame_for_frame()
    {
        var input = SplitTestMedia.OddClip(PathIn("odd.mp4"));
        var mark = TestMedia.TwoToneImage(PathIn("mark.png"), 64, 32);
        ISegmentEngine pieces = lossless;

        Assert.Null(await pieces.PlanAsync(input, "odd.mp4", splitAboveSeconds: 10, segmentSeconds: 1));
        var plan = await pieces.PlanAsync(input, "odd.mp4", splitAboveSeconds: 2, segmentSeconds: 1);
        Assert.NotNull(plan);
        Assert.Equal(3, plan.Segments.Count);

        // x264's keyframes are clean (nothing stored after one shows before it): each segment's decode starts on its
        // own first frame, just before where it seeks.
        Assert.All(plan.Segments.Skip(1), s => Assert.InRange(s.SeekTo!.Value - s.Start, 0.001, 0.05));

        // As separate workers would: each segment on its own, into its own file, then the join reads them.
        var files = new List<string>();
        foreach (var segment in plan.Segments)
        {
            var file = PathIn($"piece-{segment.Index}.mp4");
            await pieces.EncodeSegmentAsync(new WatermarkRequest(input, mark, file, TopLeft), segment);
            files.Add(file);
        }

        var joined = await pieces.JoinAsync(new SegmentJoinRequest(input, plan.Segments, files, PathIn("joined.mp4")));
        await lossless.ApplyAsync(new WatermarkRequest(input, mark, PathIn("single.mp4"), TopLeft));

        Assert.Equal(Frames.CountFrames(input), joined.Frames);
        Assert.Equal(SplitTestMedia.FrameHashes(PathIn("single.mp4")), SplitTestMedia.FrameHashes(PathIn("joined.mp4")));
        Assert.Equal(Frames.AudioTrackMd5(input, 0), Frames.AudioTrackMd5(PathIn("joined.mp4"), 0));
        await Assert.ThrowsAsync<EncodeFailedException>(() =>
            pieces.JoinAsync(new SegmentJoinRequest(input, plan.Segments.Take(2).ToList(), files.Take(2).ToList(), PathIn("short.mp4"))));
        Assert.False(File.Exists(PathIn("short.mp4")));
        Assert.True(SegmentJoiner.SameVideoDescription(files));
        Assert.Contains("-auto_convert 0", File.ReadAllText(joined.LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_segment_encoded_with_other_parameters_still_joins_frame_for_frame()
    {
        var input = SplitTestMedia.OddClip(PathIn("odd.mp4"));
        var mark = TestMedia.TwoToneImage(PathIn("mark.png"), 64, 32);
        ISegmentEngine pieces = lossless;
        var plan = await pieces.PlanAsync(input, "odd.mp4", splitAboveSeconds: 2, segmentSeconds: 1);
        Assert.NotNull(plan);

        // The middle piece as a worker of another version might write it: lossless too, but with CABAC, so its picture
        // parameters differ from the description the output takes from the first piece.
        ISegmentEngine other = new FfmpegWatermarkEngine(new EngineOptions { Preset = "superfast", Crf = 0 });
        var files = new List<string>();
        foreach (var segment in plan.Segments)
        {
            var file = PathIn($"piece-{segment.Index}.mp4");
            await (segment.Index == 1 ? other : pieces).EncodeSegmentAsync(new WatermarkRequest(input, mark, file, TopLeft), segment);
            files.Add(file);
        }

        Assert.False(SegmentJoiner.SameVideoDescription(files));
        var joined = await pieces.JoinAsync(new SegmentJoinRequest(input, plan.Segments, files, PathIn("joined.mp4")));
        await lossless.ApplyAsync(new WatermarkRequest(input, mark, PathIn("single.mp4"), TopLeft));

        Assert.Equal(Frames.CountFrames(input), joined.Frames);
        Assert.Equal(SplitTestMedia.FrameHashes(PathIn("single.mp4")), SplitTestMedia.FrameHashes(PathIn("joined.mp4")));
        Assert.DoesNotContain("-auto_convert 0", File.ReadAllText(joined.LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timed_template_layer_shows_on_the_same_frames_across_the_joins_as_in_one_pass()
    {
        var input = SplitTestMedia.OddClip(PathIn("odd.mp4"));
        TestMedia.TwoToneImage(PathIn("logo.png"), 64, 32);
        // Shown from just before the first join to just after the second, fading in and out over them.
        var template = TemplateJson.Deserialize(Encoding.UTF8.GetBytes("""
            { "name": "timed", "layers": [
              { "type": "image", "image": "logo.png", "position": "top-left", "start": 1.3, "end": 2.3, "fadeIn": 0.2, "fadeOut": 0.2 },
              { "type": "image", "image": "logo.png", "position": "bottom-right", "motion": { "type": "drift" } } ] }
            """));
        TemplateRequest Request(string output) => new(input, PathIn(output), template, new Dictionary<string, string>(), Dir);

        await lossless.ApplyTemplateAsync(Request("single.mp4"));
        var split = await lossless.ApplyTemplateSegmentedAsync(Request("split.mp4"), new SegmentOptions(3, 0.25));

        Assert.Equal(3, split.Segments.Count);
        Assert.Equal(SplitTestMedia.FrameHashes(PathIn("single.mp4")), SplitTestMedia.FrameHashes(PathIn("split.mp4")));
    }

    [Fact]
    public async Task A_segment_whose_ffmpeg_fails_once_is_run_again_alone()
    {
        var input = SplitTestMedia.OddClip(PathIn("odd.mp4"));
        var mark = TestMedia.TwoToneImage(PathIn("mark.png"), 64, 32);
        using var flaky = new FfmpegWatermarkEngine(new EngineOptions { Preset = "ultrafast", Crf = 0, FfmpegPath = FailingFfmpeg("segment-001.mp4.partial", times: 1) });

        var split = await flaky.ApplySegmentedAsync(new WatermarkRequest(input, mark, PathIn("split.mp4"), TopLeft), new SegmentOptions(3, 0.25));

        Assert.Equal([1, 2, 1], split.Segments.Select(s => s.Attempts));
        Assert.Equal(Frames.CountFrames(input), Frames.CountFrames(PathIn("split.mp4")));
        Assert.Contains("segment 1 failed", File.ReadAllText(PathIn("split.mp4.log")), StringComparison.Ordinal);
        Assert.Equal(4, File.ReadAllLines(PathIn("ffmpeg-runs.txt")).Count(l => l.Contains("segment-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_segment_that_fails_twice_fails_the_run_and_nothing_is_delivered()
    {
        var input = SplitTestMedia.OddClip(PathIn("odd.mp4"));
        var mark = TestMedia.TwoToneImage(PathIn("mark.png"), 64, 32);
        using var broken = new FfmpegWatermarkEngine(new EngineOptions { Preset = "ultrafast", FfmpegPath = FailingFfmpeg("segment-002.mp4.partial", times: 2) });

        var error = await Assert.ThrowsAsync<EncodeFailedException>(() =>
            broken.ApplySegmentedAsync(new WatermarkRequest(input, mark, PathIn("split.mp4"), TopLeft), new SegmentOptions(3, 0.25)));

        Assert.Contains("exit code 1", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(PathIn("split.mp4")));
        Assert.Empty(FilesNamed(n => n.StartsWith('.')));
        Assert.Empty(Directory.EnumerateDirectories(Dir));
    }

    [Fact]
    public async Task An_index_too_big_for_the_room_kept_for_it_is_joined_again_and_moved_to_the_front()
    {
        var input = SplitTestMedia.OddClip(PathIn("odd.mp4"));
        var mark = TestMedia.TwoToneImage(PathIn("mark.png"), 64, 32);
        using var cramped = new FfmpegWatermarkEngine(new EngineOptions { Preset = "ultrafast", Crf = 0, FfmpegPath = CrampedIndexFfmpeg() });

        await lossless.ApplyAsync(new WatermarkRequest(input, mark, PathIn("single.mp4"), TopLeft));
        var split = await cramped.ApplySegmentedAsync(new WatermarkRequest(input, mark, PathIn("split.mp4"), TopLeft), new SegmentOptions(3, 0.25));

        // ffmpeg exits 0 from the cramped join, its index written over the start of the pictures; the run must notice.
        Assert.Equal(SplitTestMedia.FrameHashes(PathIn("single.mp4")), SplitTestMedia.FrameHashes(PathIn("split.mp4")));
        Assert.Equal(Frames.AudioTrackMd5(input, 0), Frames.AudioTrackMd5(PathIn("split.mp4"), 0));
        Assert.Equal(["ftyp", "moov"], SplitTestMedia.TopLevelBoxes(PathIn("split.mp4")).Take(2));
        var log = File.ReadAllText(split.LogPath);
        Assert.Contains("reserved_moov_size is too small", log, StringComparison.Ordinal);
        Assert.Contains("joining again with +faststart", log, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(PathIn("ffmpeg-runs.txt")).Count(l => l.Contains("-f concat", StringComparison.Ordinal)));
        Assert.Empty(FilesNamed(n => n.StartsWith('.')));
    }

    /// <summary>The real ffmpeg, but keeping a room of only 1,000 bytes where asked to keep one for the index.</summary>
    private string CrampedIndexFfmpeg()
    {
        var script = PathIn("cramped-ffmpeg");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            echo "$*" >> '{{PathIn("ffmpeg-runs.txt")}}'
            count=$#
            previous=
            for argument do
              if [ "$previous" = "-moov_size" ]; then argument=1000; fi
              set -- "$@" "$argument"
              previous=$argument
            done
            shift "$count"
            exec ffmpeg "$@"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }

    /// <summary>
    /// An ffmpeg that fails its first <paramref name="times"/> runs writing <paramref name="output"/>, as a crashed or
    /// killed encoder would, and is the real ffmpeg otherwise. Every run is listed in ffmpeg-runs.txt.
    /// </summary>
    private string FailingFfmpeg(string output, int times)
    {
        var script = PathIn("flaky-ffmpeg");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            echo "$*" >> '{{PathIn("ffmpeg-runs.txt")}}'
            case "$*" in
              *{{output}}*)
                failed=$(cat '{{PathIn("failures")}}' 2>/dev/null || echo 0)
                if [ "$failed" -lt {{times}} ]; then
                  echo $((failed + 1)) > '{{PathIn("failures")}}'
                  echo "simulated encoder crash" >&2
                  exit 1
                fi ;;
            esac
            exec ffmpeg "$@"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }

    public override void Dispose()
    {
        lossless.Dispose();
        base.Dispose();
    }
}
