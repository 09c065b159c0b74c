using VideoWatermark.Core.Limits;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Probing;
using VideoWatermark.Engine.Probing.Mp4;
using VideoWatermark.Engine.Segments;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>
/// The facts and the frame times the engine reads from an MP4's index in-process are ffprobe's, field for field and
/// frame for frame, on real files of every shape the tests make (and those a camera, a phone and our own encoder and
/// join write); a file the reader cannot vouch for is left to ffprobe.
/// </summary>
public sealed class Mp4IndexTests : EngineTestBase
{
    public static TheoryData<string, string> Shapes() => new()
    {
        { "plain", "clip.mp4" },
        { "quicktime", "clip.mov" },
        { "m4v", "clip.m4v" },
        { "rotated 90", "phone90.mp4" },
        { "rotated 180", "phone180.mov" },
        { "rotated 270", "phone270.mp4" },
        { "no audio", "silent.mp4" },
        { "three audio tracks", "tracks.mp4" },
        { "audio starts late", "late.mp4" },
        { "variable frame rate", "vfr.mp4" },
        { "10-bit 4:2:2", "tenbit.mov" },
        { "4:4:4", "full.mp4" },
        { "mp3 audio", "mp3.mp4" },
        { "ac3 audio", "ac3.mov" },
        { "B-frames, 1080p", "bframes.mp4" },
        { "index first", "fast.mp4" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task The_index_says_what_ffprobe_says(string shape, string name)
    {
        var input = Make(shape, PathIn(name));

        var indexed = Mp4VideoFacts.TryRead(input);
        var probed = await FfprobeFacts(input);

        Assert.NotNull(indexed);
        Assert.Equal(probed with { Audio = [] }, indexed with { Audio = [] });
        Assert.Equal(probed.Audio, indexed.Audio);

        // What a finished job shows of its output (codecs, picture, length, bit rate) is ffprobe's too.
        Assert.Equal(await Engine.ProbeOutputWithFfprobeAsync(input, CancellationToken.None), await Engine.ProbeOutputAsync(input));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task The_index_lists_the_frames_ffprobe_lists(string shape, string name)
    {
        var input = Make(shape, PathIn(name));

        await AssertSameTimelineAsync(input, "V:0");
        await AssertSameTimelineAsync(input, "0");
    }

    [Fact]
    public async Task A_joined_output_lists_the_frames_ffprobe_lists()
    {
        var input = Encoded(PathIn("long.mp4"), "testsrc2=size=640x360:rate=30:duration=6", "-preset", "superfast", "-g", "30");
        var output = PathIn("joined.mp4");
        await Engine.ApplySegmentedAsync(new WatermarkRequest(input, SeedWatermark(), output, new WatermarkSpec()), new SegmentOptions(3));

        await AssertSameTimelineAsync(output, "v:0");
        var facts = Mp4VideoFacts.TryRead(output);
        Assert.NotNull(facts);
        var probed = await FfprobeFacts(output);
        Assert.Equal(probed with { Audio = [] }, facts with { Audio = [] });
        Assert.Equal(probed.Audio, facts.Audio);
    }

    [Fact]
    public async Task Our_own_output_reads_as_ffprobe_reads_it()
    {
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1, Rotation = 90 });
        var result = await ApplyAsync(input, SeedWatermark());

        var indexed = Mp4VideoFacts.TryRead(result.OutputPath);
        var probed = await FfprobeFacts(result.OutputPath);

        Assert.NotNull(indexed);
        Assert.Equal(probed with { Audio = [] }, indexed with { Audio = [] });
        Assert.Equal(probed.Audio, indexed.Audio);
        var shown = await Engine.ProbeOutputAsync(result.OutputPath);
        Assert.Equal(await Engine.ProbeOutputWithFfprobeAsync(result.OutputPath, CancellationToken.None), shown);
        Assert.Equal(("h264", "aac", 180, 320, 1.0), (shown!.VideoCodec, shown.AudioCodec, shown.Width, shown.Height, Math.Round(shown.DurationSeconds)));
    }

    public static TheoryData<string, string> Unvouched() => new()
    {
        { "cut short, index last", "cut.mp4" },
        { "cut short, index first", "cutfast.mp4" },
        { "PCM audio", "pcm.mov" },
        { "HEVC", "hevc.mp4" },
        { "audio only", "audio.mp4" },
        { "text", "notes.mp4" },
        { "empty", "empty.mp4" },
        { "fragmented", "frag.mp4" },
    };

    [Theory]
    [MemberData(nameof(Unvouched))]
    public void A_file_the_index_cannot_vouch_for_is_left_to_ffprobe(string shape, string name)
    {
        var input = Make(shape, PathIn(name));

        Assert.Null(Mp4VideoFacts.TryRead(input));
        if (shape != "PCM audio")
        {
            Assert.Null(Mp4FrameTimeline.TryRead(input, "v:0"));
        }
    }

    private static async Task AssertSameTimelineAsync(string path, string stream)
    {
        var indexed = Mp4FrameTimeline.TryRead(path, stream);
        var listed = await FrameTimelineProbe.ProbeAsync("ffprobe", path, stream, CancellationToken.None, readIndex: false);

        Assert.NotNull(indexed);
        Assert.True(listed.FrameCount > 0);
        Assert.Equal(listed.Times, indexed.Times);
        Assert.Equal(listed.Keyframes, indexed.Keyframes);
        Assert.Equal(listed.CleanKeyframes, indexed.CleanKeyframes);
    }

    private static async Task<VideoFacts> FfprobeFacts(string path) =>
        await new VideoProbe(new Ffprobe("ffprobe"), new InputLimits(), readIndexes: false).ProbeAsync(path, Path.GetFileName(path), CancellationToken.None);

    private static string Make(string shape, string path) => shape switch
    {
        "plain" or "quicktime" or "m4v" => TestMedia.Clip(path),
        "rotated 90" => TestMedia.Clip(path, new ClipOptions { Rotation = 90 }),
        "rotated 180" => TestMedia.Clip(path, new ClipOptions { Rotation = 180 }),
        "rotated 270" => TestMedia.Clip(path, new ClipOptions { Rotation = 270 }),
        "no audio" => TestMedia.Clip(path, new ClipOptions { Audio = false }),
        "three audio tracks" => TestMedia.Clip(path, new ClipOptions { AudioTracks = 3 }),
        "audio starts late" => TestMedia.Clip(path, new ClipOptions { AudioDelaySeconds = 0.5 }),
        "variable frame rate" => TestMedia.Clip(path, new ClipOptions { VariableFrameRate = true }),
        "10-bit 4:2:2" => TestMedia.Clip(path, new ClipOptions { PixelFormat = "yuv422p10le" }),
        "4:4:4" => TestMedia.Clip(path, new ClipOptions { PixelFormat = "yuv444p" }),
        "mp3 audio" => TestMedia.Clip(path, new ClipOptions { AudioCodec = "libmp3lame" }),
        "ac3 audio" => TestMedia.Clip(path, new ClipOptions { AudioCodec = "ac3" }),
        "B-frames, 1080p" => Encoded(path, "testsrc2=size=1920x1080:rate=30:duration=1", "-preset", "superfast"),
        "index first" => Encoded(path, "testsrc2=size=640x360:rate=24:duration=2", "-preset", "superfast", "-movflags", "+faststart"),
        "cut short, index last" => TestMedia.Truncated(path),
        "cut short, index first" => TestMedia.Truncated(path, indexFirst: true),
        "PCM audio" => TestMedia.Clip(path, new ClipOptions { AudioCodec = "pcm_s16le" }),
        "HEVC" => TestMedia.Clip(path, new ClipOptions { VideoCodec = "libx265" }),
        "audio only" => TestMedia.AudioOnly(path),
        "text" => TestMedia.TextFile(path),
        "empty" => TestMedia.ZeroBytes(path),
        "fragmented" => Encoded(path, "testsrc2=size=320x180:rate=25:duration=2", "-preset", "ultrafast", "-movflags", "+frag_keyframe+empty_moov"),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    /// <summary>H.264 with the encoder's own settings (B-frames, an edit list) and AAC, as a camera or our worker writes.</summary>
    private static string Encoded(string path, string picture, params string[] settings)
    {
        MediaTool.Ffmpeg([
            "-y", "-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2",
            "-map", "0:v", "-map", "1:a", "-c:v", "libx264", .. settings, "-c:a", "aac", "-shortest", path]);
        return path;
    }
}
