using System.Security.Cryptography;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>Unusable inputs are refused before encoding, with one line saying why, and leave nothing behind.</summary>
public sealed class RejectionTests : EngineTestBase
{
    public static TheoryData<string, string> BadVideos() => new()
    {
        { "zero-bytes", "is empty (0 bytes)" },
        { "truncated", "moov atom not found" },
        { "truncated-index-first", "is incomplete: it ends before its last frame" },
        { "text", "is not a playable video" },
        { "audio-only", "has no video stream: it is audio only" },
        { "missing", "does not exist" },
        { "avi", "is not a supported video file" },
    };

    [Theory]
    [MemberData(nameof(BadVideos))]
    public async Task Bad_video_is_rejected_with_its_reason_and_no_output(string kind, string reason)
    {
        var input = kind switch
        {
            "zero-bytes" => TestMedia.ZeroBytes(PathIn("empty.mp4")),
            "truncated" => TestMedia.Truncated(PathIn("cut.mp4")),
            "truncated-index-first" => TestMedia.Truncated(PathIn("cut.mp4"), indexFirst: true),
            "text" => TestMedia.TextFile(PathIn("notes.mp4")),
            "audio-only" => TestMedia.AudioOnly(PathIn("song.mp4")),
            "missing" => PathIn("nowhere.mp4"),
            _ => TestMedia.Clip(PathIn("clip.avi"), new ClipOptions { Seconds = 1 }),
        };
        var before = File.Exists(input) ? File.ReadAllBytes(input) : null;

        var error = await Assert.ThrowsAsync<VideoRejectedException>(() => ApplyAsync(input, SeedWatermark()));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(Dir, error.Message, StringComparison.Ordinal);
        Assert.Empty(FilesNamed(n => n == "out.mp4" || n.EndsWith(".partial", StringComparison.Ordinal)));
        Assert.Equal(before, File.Exists(input) ? File.ReadAllBytes(input) : null);
    }

    public static TheoryData<string, string> BadWatermarks() => new()
    {
        { "text", "is text, not a PNG, JPEG, WebP, GIF or BMP image" },
        { "huge", "is 9000x20 pixels" },
        { "video", "is an unknown kind of file, not a PNG" },
        { "empty", "is empty" },
        { "animated", "is not a still image" },
        { "cut-short", "cannot be decoded (it is cut short)" },
        { "arithmetic", "is an arithmetic-coded JPEG, which the video encoder cannot read" },
    };

    [Theory]
    [MemberData(nameof(BadWatermarks))]
    public async Task Bad_watermark_image_is_rejected(string kind, string reason)
    {
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1 });
        var mark = kind switch
        {
            "text" => TestMedia.TextFile(PathIn("logo.png")),
            "huge" => TestMedia.TwoToneImage(PathIn("wide.png"), 9000, 20),
            "video" => TestMedia.Clip(PathIn("moving.mp4"), new ClipOptions { Seconds = 1 }),
            "animated" => AnimatedGif(PathIn("spinner.gif")),
            "cut-short" => CutShortJpeg(PathIn("photo.jpg")),
            "arithmetic" => ArithmeticJpeg.Write(PathIn("logo.jpg")),
            _ => TestMedia.ZeroBytes(PathIn("blank.png")),
        };

        var error = await Assert.ThrowsAsync<VideoRejectedException>(() => ApplyAsync(input, mark));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(PathIn("out.mp4")));
    }

    private static string AnimatedGif(string path)
    {
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=5:duration=1", path);
        return path;
    }

    /// <summary>A whole JPEG's header (its declared size reads fine) with the second half of its picture missing.</summary>
    private static string CutShortJpeg(string path)
    {
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "testsrc=size=320x240", "-frames:v", "1", "-update", "1", path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }

    [Fact]
    public async Task Out_of_range_spec_is_rejected_naming_every_problem()
    {
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1 });

        var error = await Assert.ThrowsAsync<VideoRejectedException>(() =>
            ApplyAsync(input, SeedWatermark(), new WatermarkSpec { Margin = 0.9, Opacity = 1.5 }));

        Assert.Contains("Margin 0.9 is out of range", error.Message, StringComparison.Ordinal);
        Assert.Contains("Opacity 1.5 is out of range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_input_is_never_overwritten()
    {
        var input = TestMedia.Clip(PathIn("out.mp4"), new ClipOptions { Seconds = 1 });
        var hash = SHA256.HashData(File.ReadAllBytes(input));

        var error = await Assert.ThrowsAsync<VideoRejectedException>(() => ApplyAsync(input, SeedWatermark(), output: "out.mp4"));

        Assert.Contains("would overwrite an input", error.Message, StringComparison.Ordinal);
        Assert.Equal(hash, SHA256.HashData(File.ReadAllBytes(input)));
    }

    [Fact]
    public async Task Failing_ffmpeg_gives_encode_failed_with_its_log_and_no_output()
    {
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1 });
        using var engine = new FfmpegWatermarkEngine(new EngineOptions { FfmpegPath = "false" });

        var error = await Assert.ThrowsAsync<EncodeFailedException>(() =>
            engine.ApplyAsync(new WatermarkRequest(input, SeedWatermark(), PathIn("out.mp4"), new WatermarkSpec())));

        Assert.Contains("exit code 1", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(error.LogPath));
        Assert.Contains("command: false -hide_banner", File.ReadAllText(error.LogPath!), StringComparison.Ordinal);
        Assert.Empty(FilesNamed(n => n == "out.mp4" || n.EndsWith(".partial", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Missing_ffprobe_is_a_clear_error()
    {
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1 });
        using var engine = new FfmpegWatermarkEngine(new EngineOptions { FfprobePath = "/nonexistent/ffprobe" });

        var error = await Assert.ThrowsAsync<EncodeFailedException>(() =>
            engine.ApplyAsync(new WatermarkRequest(input, SeedWatermark(), PathIn("out.mp4"), new WatermarkSpec())));

        Assert.Contains("Cannot start '/nonexistent/ffprobe'", error.Message, StringComparison.Ordinal);
    }
}
