using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>
/// Frames of a user's video for the template editor's preview (<see cref="IVideoFrameExtractor"/>): the decoded frame
/// at the moment asked, upright, the last one past the end, and a file's name read as a name, never as a protocol.
/// </summary>
public sealed class VideoFrameExtractorTests : EngineTestBase
{
    [Fact]
    public async Task The_frame_at_a_moment_is_the_videos_own_and_past_the_end_the_last_one()
    {
        var clip = TestMedia.Clip(PathIn("clip.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 2 });
        var video = VideoLocation.File(clip);
        var whole = new Region(0, 0, 320, 180);

        var seconds = await Engine.DurationAsync(video);
        await Engine.ExtractFrameAsync(video, 1.2, PathIn("at.png"));
        await Engine.ExtractFrameAsync(video, 9, PathIn("late.png"));

        Assert.InRange(seconds, 1.9, 2.1);
        var at = Frames.At(PathIn("at.png"));
        Assert.Equal((320, 180), (at.Width, at.Height));
        Assert.True(Frames.MeanAbsDiff(at, Frames.At(clip, 1.2), whole) < 1, "the frame at 1.2 s is not the video's");
        Assert.True(Frames.MeanAbsDiff(at, Frames.At(clip, 0), whole) > 5, "the frame at 1.2 s is the first one");
        Assert.True(Frames.MeanAbsDiff(Frames.At(PathIn("late.png")), Frames.At(clip, 1.96), whole) < 1, "past the end the last frame is not shown");
    }

    [Fact]
    public async Task A_phone_video_gives_its_upright_frame()
    {
        var clip = TestMedia.Clip(PathIn("phone.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 1, Rotation = 90 });

        await Engine.ExtractFrameAsync(VideoLocation.File(clip), 0.5, PathIn("upright.png"));

        var frame = Frames.At(PathIn("upright.png"));
        Assert.Equal((180, 320), (frame.Width, frame.Height));
        Assert.True(Frames.MeanAbsDiff(frame, Frames.At(clip, 0.5), new Region(0, 0, 180, 320)) < 1);
    }

    [Theory]
    [InlineData("concat:a.mp4|b.mp4")]
    [InlineData("subfile,,start,0,end,10,,:x.mp4")]
    [InlineData("frame %d [out];'x'.mp4")]
    public async Task A_files_name_is_read_as_a_name_not_as_a_protocol_or_a_pattern(string name)
    {
        var folder = Directory.CreateDirectory(PathIn("names")).FullName;
        var clip = TestMedia.Clip(Path.Combine(folder, name), new ClipOptions { Seconds = 1, Color = "teal", Audio = false });

        var seconds = await Engine.DurationAsync(VideoLocation.File(clip));
        await Engine.ExtractFrameAsync(VideoLocation.File(clip), 0.5, PathIn("named.png"));

        Assert.InRange(seconds, 0.9, 1.1);
        Assert.True(Frames.MeanAbsDiff(Frames.At(PathIn("named.png")), Frames.At(clip, 0.5), new Region(0, 0, 320, 180)) < 1);
    }

    [Fact]
    public async Task Something_that_is_not_a_video_is_refused_with_a_reason_and_only_http_urls_are_taken()
    {
        var text = TestMedia.TextFile(PathIn("notes.mp4"));

        await Assert.ThrowsAsync<VideoRejectedException>(() => Engine.DurationAsync(VideoLocation.File(text)));
        await Assert.ThrowsAsync<VideoRejectedException>(() => Engine.ExtractFrameAsync(VideoLocation.File(text), 0, PathIn("none.png")));
        Assert.False(File.Exists(PathIn("none.png")));
        Assert.Throws<ArgumentException>(() => VideoLocation.Url(new Uri("file:///etc/passwd")));
        Assert.Throws<ArgumentException>(() => VideoLocation.Url(new Uri("ftp://example.org/a.mp4")));
    }
}
