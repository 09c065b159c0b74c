using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Core.Tests;

public sealed class ObjectKeysTests
{
    [Theory]
    [InlineData("unprocessed-videos/clip.mp4", true)]
    [InlineData("unprocessed-videos/a/b/clip.mov", true)]
    [InlineData("unprocessed-videos/clip.webm", true)]
    [InlineData("unprocessed-videos/clip.MP4", false)] // S3 suffix filters are case-sensitive
    [InlineData("unprocessed-videos/clip.avi", false)]
    [InlineData("unprocessed-videos/", false)]
    [InlineData("unprocessed-videos/folder.mp4/", false)]
    [InlineData("watermark-clip.mp4", false)]
    [InlineData("watermarks/clip.mp4", false)]
    public void Only_videos_under_the_trigger_prefix_start_a_job(string key, bool expected) =>
        Assert.Equal(expected, ObjectKeys.IsTrigger(key));

    [Theory]
    [InlineData("unprocessed-videos/clip.mp4", "", null, "watermark-clip.mp4")]
    [InlineData("unprocessed-videos/job/clip.mov", "", null, "job/watermark-clip.mp4")]
    [InlineData("unprocessed-videos/clip.mkv", "processed", null, "processed/watermark-clip.mp4")]
    [InlineData("unprocessed-videos/clip.mp4", "/out/", "2", "out/watermark-clip-2.mp4")]
    public void Output_keys_are_named_as_in_the_original_and_always_mp4(string input, string prefix, string? suffix, string expected) =>
        Assert.Equal(expected, ObjectKeys.OutputKey(input, prefix, suffix));

    [Fact]
    public void Outputs_never_land_where_they_would_trigger_a_job()
    {
        Assert.Throws<ArgumentException>(() => ObjectKeys.OutputKey("elsewhere/clip.mp4"));
        foreach (var prefix in new[] { "unprocessed-videos", "unprocessed-videos/x/", "jobs/", "watermarks" })
        {
            Assert.Throws<ArgumentException>(() => ObjectKeys.NormalizeOutputPrefix(prefix));
        }

        Assert.False(ObjectKeys.IsTrigger(ObjectKeys.OutputKey("unprocessed-videos/a/clip.mp4")));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\Holiday.MP4", "Holiday.mp4")]
    [InlineData("bad\u0001name.mov", "badname.mov")]
    [InlineData("...", "video")]
    [InlineData("", "video")]
    public void Safe_file_names_have_no_folders_no_control_characters_and_a_lower_case_extension(string name, string expected) =>
        Assert.Equal(expected, ObjectKeys.SafeFileName(name));

    [Fact]
    public void Safe_file_names_are_at_most_200_characters_and_keep_their_extension()
    {
        var safe = ObjectKeys.SafeFileName(new string('a', 500) + ".Mp4");

        Assert.Equal(200, safe.Length);
        Assert.EndsWith(".mp4", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_non_ascii_names_are_cut_by_bytes_on_a_whole_character_so_every_key_segment_fits_a_file_system()
    {
        var name = string.Concat(Enumerable.Repeat("手机🎬", 100)) + ".mp4";

        var safe = ObjectKeys.SafeFileName(name);
        var output = ObjectKeys.OutputKey(ObjectKeys.PortalUploadKey(JobIds.New(), name), "", "abcdef12");

        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(safe), 190, 200);
        Assert.EndsWith(".mp4", safe, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(safe[^5]), "no half of an emoji is left at the cut");
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(ObjectKeys.FileName(output)), 200, 255);
    }

    [Theory]
    [InlineData("unprocessed-videos/../../etc/x.mp4", "etc/watermark-x.mp4")]
    [InlineData("unprocessed-videos/a//./b/../x.mp4", "a/b/watermark-x.mp4")]
    [InlineData("unprocessed-videos/..\\x.mp4", "watermark-..\\x.mp4")]
    public void Outputs_of_keys_with_dot_segments_stay_inside_the_layout(string input, string expected) =>
        Assert.Equal(expected, ObjectKeys.OutputKey(input));

    [Fact]
    public void Portal_uploads_carry_their_job_id_and_trigger_a_job()
    {
        var id = JobIds.New();

        var key = ObjectKeys.PortalUploadKey(id, "My Clip.MOV");

        Assert.Equal($"unprocessed-videos/{id}/My Clip.mov", key);
        Assert.True(ObjectKeys.IsTrigger(key));
        Assert.Equal(id, ObjectKeys.UploadIdFromKey(key));
        Assert.Null(ObjectKeys.UploadIdFromKey("unprocessed-videos/clip.mp4"));
        Assert.Null(ObjectKeys.UploadIdFromKey($"unprocessed-videos/{id}/a/clip.mp4"));
        Assert.Equal($"{id}/watermark-My Clip.mp4", ObjectKeys.OutputKey(key));
    }

    [Fact]
    public void Job_and_log_keys_refuse_anything_but_a_job_id()
    {
        var id = JobIds.New();

        Assert.Equal($"jobs/{id}.json", ObjectKeys.JobKey(id));
        Assert.Equal($"logs/{id}/attempt-2.log", ObjectKeys.LogKey(id, 2));
        Assert.Throws<ArgumentException>(() => ObjectKeys.JobKey("../x"));
        Assert.Equal("watermarks/logo.png", ObjectKeys.WatermarkKey("dir/logo.PNG"));
        Assert.Equal("clip.mp4", ObjectKeys.FileName("unprocessed-videos/a/clip.mp4"));
    }

    [Theory]
    [InlineData("s3://bucket/a/b.mp4", "bucket", "a/b.mp4")]
    [InlineData("S3://b/k", "b", "k")]
    public void S3_paths_parse(string text, string bucket, string key)
    {
        var path = S3Path.Parse(text);

        Assert.Equal((bucket, key), (path.Bucket, path.Key));
    }

    [Theory]
    [InlineData("bucket/key")]
    [InlineData("s3://bucket")]
    [InlineData("s3://bucket/")]
    [InlineData("s3:///key")]
    public void Malformed_s3_paths_are_refused(string text) => Assert.False(S3Path.TryParse(text, out _));
}
