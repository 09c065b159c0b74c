using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Engine.Tests.Segments;

/// <summary>Where a video is cut: on keyframes, near equal shares, every frame in exactly one segment.</summary>
public sealed class SegmentPlannerTests
{
    private static FrameTimeline Timeline(int frames, double fps, params int[] keyframes) =>
        new([.. Enumerable.Range(0, frames).Select(i => i / fps)], keyframes);

    [Fact]
    public void Keyframes_every_second_give_equal_segments_starting_on_keyframes()
    {
        var timeline = Timeline(250, 25, [.. Enumerable.Range(0, 10).Select(s => s * 25)]);

        var plan = SegmentPlanner.Plan(timeline, 5);

        Assert.Equal([0, 50, 100, 150, 200], plan.Segments.Select(s => s.FirstFrame));
        Assert.All(plan.Segments, s => Assert.Equal(50, s.FrameCount));
        Assert.Equal(2.0, plan.Segments[0].End, 6);
        Assert.Equal(1.98, plan.Segments[0].CutTo!.Value, 6);
        Assert.Equal(1.98, plan.Segments[1].CutFrom!.Value, 6);
        Assert.Null(plan.Segments[0].CutFrom);
        Assert.Null(plan.Segments[^1].CutTo);
        Assert.Equal(10.0, plan.Segments[^1].End, 6);
    }

    [Fact]
    public void Odd_keyframes_are_used_where_they_are_and_every_frame_is_in_one_segment()
    {
        var timeline = Timeline(300, 30, 0, 7, 95, 101, 188, 260);

        var plan = SegmentPlanner.Plan(timeline, 3);

        Assert.Equal([0, 101, 188], plan.Segments.Select(s => s.FirstFrame));
        Assert.Equal(300, plan.Segments.Sum(s => s.FrameCount));
        for (var i = 1; i < plan.Segments.Count; i++)
        {
            Assert.Equal(plan.Segments[i - 1].FirstFrame + plan.Segments[i - 1].FrameCount, plan.Segments[i].FirstFrame);
            Assert.Equal(plan.Segments[i - 1].End, plan.Segments[i].Start);
        }
    }

    [Fact]
    public void No_segment_is_shorter_than_the_minimum_so_few_keyframes_give_fewer_segments()
    {
        var timeline = Timeline(100, 25, 0, 10, 50, 95);

        var plan = SegmentPlanner.Plan(timeline, 8, minimumSeconds: 1);

        Assert.Equal([0, 50], plan.Segments.Select(s => s.FirstFrame));
        Assert.All(plan.Segments, s => Assert.True(s.Duration >= 1, $"segment {s.Index} lasts {s.Duration} s"));
    }

    [Fact]
    public void A_video_without_a_second_keyframe_is_one_segment()
    {
        var plan = SegmentPlanner.Plan(Timeline(100, 25, 0), 4);

        var only = Assert.Single(plan.Segments);
        Assert.Equal(100, only.FrameCount);
        Assert.Null(only.CutFrom);
        Assert.Null(only.CutTo);
    }

    [Fact]
    public void Probe_lines_in_decode_order_become_times_from_the_start_and_discarded_packets_are_left_out()
    {
        var timeline = FrameTimelineProbe.Parse(["packet,0.500000,K__", "packet,0.620000,___", "packet,0.540000,___", "packet,0.460000,__D", "packet,0.580000,K__", "format,0.500000"]);

        Assert.Equal([0, 0.04, 0.08, 0.12], timeline.Times.Select(t => Math.Round(t, 6)));
        Assert.Equal([0, 2], timeline.Keyframes);
    }

    [Fact]
    public void A_segment_starting_on_a_clean_keyframe_seeks_just_past_it_and_one_on_an_open_keyframe_seeks_to_its_cut()
    {
        var timeline = new FrameTimeline([.. Enumerable.Range(0, 100).Select(i => i / 25.0)], [0, 25, 50, 75], [0, 25, 75]);

        var plan = SegmentPlanner.Plan(timeline, 4);

        Assert.Equal([0, 25, 50, 75], plan.Segments.Select(s => s.FirstFrame));
        Assert.Null(plan.Segments[0].SeekTo);
        Assert.Equal(1.02, plan.Segments[1].SeekTo!.Value, 6);
        Assert.Null(plan.Segments[2].SeekTo);
        Assert.Equal(3.02, plan.Segments[3].SeekTo!.Value, 6);
    }

    [Fact]
    public void A_keyframe_followed_in_storage_by_a_frame_shown_before_it_is_not_clean()
    {
        // Decode order: an IDR, its B-frames after the next P; then an open-group I-frame whose leading B-frames
        // (shown before it, stored after it) need the group before.
        var timeline = FrameTimelineProbe.Parse([
            "packet,0.000000,K__", "packet,0.120000,___", "packet,0.040000,___", "packet,0.080000,___",
            "packet,0.240000,K__", "packet,0.160000,___", "packet,0.200000,___", "packet,0.280000,___",
            "packet,0.320000,K__", "packet,0.360000,___",
            "format,0.000000"]);

        Assert.Equal([0, 6, 8], timeline.Keyframes);
        Assert.Equal([0, 8], timeline.CleanKeyframes);
    }
}
