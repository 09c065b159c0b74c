using System.Text.Json;
using VideoWatermark.Engine.Probing;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>
/// ffprobe's JSON report as the engine reads it: real reports of real clips first, then the shapes of ffprobe's JSON
/// writer that the clips made here do not produce (a legacy rotate tag, cover art, a report without a format).
/// </summary>
public sealed class ProbeReportTests : EngineTestBase
{
    private Task<(ProbeReport? Report, string Errors)> ProbeAsync(string path) =>
        new Ffprobe("ffprobe").AnalyseAsync(path, "input" + Path.GetExtension(path), null, CancellationToken.None);

    [Fact]
    public async Task A_phone_video_reads_its_format_streams_size_rotation_and_length()
    {
        var input = TestMedia.Clip(PathIn("phone.mov"), new ClipOptions { Width = 320, Height = 180, Rotation = 90, Seconds = 2 });

        var (report, errors) = await ProbeAsync(input);

        Assert.Equal("", errors);
        Assert.Contains("mov", report!.Format.FormatName, StringComparison.Ordinal);
        Assert.Equal(2, report.Format.Duration.TotalSeconds, 0.1);
        Assert.True(report.Format.BitRate > 0);
        var video = report.PrimaryVideoStream!;
        Assert.Equal(("h264", 320, 180, "yuv420p", false), (video.CodecName, video.Width, video.Height, video.PixelFormat, video.AttachedPicture));
        Assert.Equal(90, Math.Abs(video.Rotation));
        Assert.Equal(2, video.Duration.TotalSeconds, 0.1);
        Assert.Equal("aac", report.PrimaryAudioStream!.CodecName);
        Assert.Equal([0, 1], report.Streams.Select(s => s.Index));
    }

    [Fact]
    public async Task A_webm_stream_takes_its_length_from_its_duration_tag()
    {
        var input = TestMedia.Clip(PathIn("clip.webm"), new ClipOptions { Seconds = 1 });

        var (report, _) = await ProbeAsync(input);

        var video = report!.PrimaryVideoStream!;
        Assert.Equal(("vp9", 0), (video.CodecName, video.Rotation));
        Assert.Equal(1, video.Duration.TotalSeconds, 0.1);
        Assert.Equal("opus", report.PrimaryAudioStream!.CodecName);
    }

    [Fact]
    public void The_legacy_rotate_tag_counts_when_there_is_no_display_matrix()
    {
        var report = ProbeReport.Parse("""
            { "streams": [ { "index": 0, "codec_type": "video", "codec_name": "h264", "width": 640, "height": 360,
                             "tags": { "rotate": "270" } } ],
              "format": { "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "3.500000" } }
            """);

        Assert.Equal(270, report.PrimaryVideoStream!.Rotation);
        Assert.Equal(TimeSpan.FromSeconds(3.5), report.Format.Duration);
    }

    [Fact]
    public void A_display_matrix_wins_over_the_rotate_tag()
    {
        var report = ProbeReport.Parse("""
            { "streams": [ { "index": 0, "codec_type": "video", "width": 640, "height": 360, "tags": { "rotate": "180" },
                             "side_data_list": [ { "side_data_type": "Display Matrix", "displaymatrix": "...", "rotation": -90 } ] } ],
              "format": { "format_name": "mov,mp4,m4a,3gp,3g2,mj2" } }
            """);

        Assert.Equal(-90, report.PrimaryVideoStream!.Rotation);
    }

    [Fact]
    public void Cover_art_is_marked_as_an_attached_picture()
    {
        var report = ProbeReport.Parse("""
            { "streams": [ { "index": 0, "codec_type": "video", "codec_name": "mjpeg", "width": 300, "height": 300,
                             "disposition": { "default": 0, "attached_pic": 1 } },
                           { "index": 1, "codec_type": "video", "codec_name": "h264", "width": 1280, "height": 720,
                             "disposition": { "default": 1, "attached_pic": 0 } } ],
              "format": { "format_name": "mov,mp4,m4a,3gp,3g2,mj2" } }
            """);

        Assert.Equal([true, false], report.VideoStreams.Select(s => s.AttachedPicture));
    }

    [Fact]
    public void A_stream_length_ffprobe_does_not_know_falls_back_to_the_duration_tag()
    {
        var report = ProbeReport.Parse("""
            { "streams": [ { "index": 0, "codec_type": "video", "duration": "N/A", "tags": { "DURATION": "00:01:02.500000000" } } ],
              "format": { "format_name": "matroska,webm" } }
            """);

        Assert.Equal(TimeSpan.FromSeconds(62.5), report.PrimaryVideoStream!.Duration);
    }

    [Fact]
    public void Unknown_lengths_and_rates_read_as_zero()
    {
        var report = ProbeReport.Parse("""
            { "streams": [ { "index": 0, "codec_type": "video", "duration": "N/A" } ],
              "format": { "format_name": "matroska,webm", "duration": "N/A", "bit_rate": "N/A" } }
            """);

        Assert.Equal((TimeSpan.Zero, 0d, TimeSpan.Zero, 0, 0), (report.Format.Duration, report.Format.BitRate, report.PrimaryVideoStream!.Duration, report.PrimaryVideoStream.Width, report.PrimaryVideoStream.Height));
        Assert.Null(report.PrimaryAudioStream);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{ "streams": [] }""")]
    [InlineData("""{ "format": "mp4" }""")]
    public void Anything_but_a_report_with_a_format_is_refused(string text)
    {
        Assert.ThrowsAny<JsonException>(() => ProbeReport.Parse(text));
    }
}
