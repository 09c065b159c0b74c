using VideoWatermark.Core.Limits;

namespace VideoWatermark.Core.Tests;

public sealed class InputLimitsTests
{
    private readonly InputLimits limits = new() { MaxUploadBytes = 1024 * 1024, MaxDurationMinutes = 2, MaxWidth = 1920, MaxHeight = 1080 };

    [Fact]
    public void Defaults_are_generous_and_valid()
    {
        var defaults = new InputLimits();

        Assert.Empty(defaults.Problems());
        Assert.Equal(20L * 1024 * 1024 * 1024, defaults.MaxUploadBytes);
        Assert.Null(defaults.DurationProblem("a.mp4", TimeSpan.FromHours(4)));
        Assert.Null(defaults.ResolutionProblem("a.mp4", 7680, 4320));
        Assert.Null(defaults.ResolutionProblem("a.mp4", 4320, 7680));
    }

    [Fact]
    public void Each_refusal_is_one_line_naming_the_setting_to_raise()
    {
        Assert.Equal("'big.mp4' is 1.5 MB; the limit is 1 MB (VideoWatermark:Limits:MaxUploadBytes).", limits.SizeProblem("big.mp4", 1536 * 1024));
        Assert.Equal("'long.mp4' lasts 2 min 1 s; the limit is 2 min 0 s (VideoWatermark:Limits:MaxDurationMinutes).", limits.DurationProblem("long.mp4", TimeSpan.FromSeconds(121)));
        Assert.Equal("'uhd.mp4' is 3840x2160; the limit is 1920x1080, either way up (VideoWatermark:Limits:MaxWidth, VideoWatermark:Limits:MaxHeight).", limits.ResolutionProblem("uhd.mp4", 3840, 2160));
    }

    [Theory]
    [InlineData(1920, 1080, true)]
    [InlineData(1080, 1920, true)]
    [InlineData(1921, 1080, false)]
    [InlineData(1200, 1200, false)]
    [InlineData(100, 1921, false)]
    public void A_portrait_video_is_measured_either_way_up(int width, int height, bool fits) =>
        Assert.Equal(fits, limits.ResolutionProblem("v.mp4", width, height) is null);

    [Fact]
    public void At_the_limit_is_still_in()
    {
        Assert.Null(limits.SizeProblem("a.mp4", 1024 * 1024));
        Assert.Null(limits.DurationProblem("a.mp4", TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void Zero_or_negative_limits_are_problems()
    {
        var bad = new InputLimits { MaxUploadBytes = 0, MaxDurationMinutes = -1, MaxWidth = 1 };

        Assert.Equal(3, bad.Problems().Count);
    }
}
