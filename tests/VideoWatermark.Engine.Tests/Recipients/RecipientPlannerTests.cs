using System.Text;
using System.Text.Json;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine.Recipients;
using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Engine.Tests.Recipients;

/// <summary>The plan from a video's frames alone: which layers are personal, which cells they touch, when it is not worth it.</summary>
public sealed class RecipientPlannerTests
{
    /// <summary>60 s at 30 fps, frames at exact multiples of 1/30 s.</summary>
    private static readonly FrameTimeline Minute = new([.. Enumerable.Range(0, 1800).Select(i => i / 30.0)], [0]);

    private static readonly IReadOnlyList<IReadOnlyDictionary<string, string>> ThreeRecipients =
        [Tokens("Ana"), Tokens("Bob"), Tokens("Chidi")];

    [Fact]
    public void A_name_shown_5_s_every_20_s_is_re_encoded_in_the_grid_cells_it_touches()
    {
        var plan = RecipientPlanner.Plan(Minute, Template(""" "start": 3, "repeat": { "every": 20, "for": 5 } """), ThreeRecipients, gridSeconds: 2);

        Assert.True(plan.Smart, plan.Reason);
        Assert.Equal([1], plan.PersonalLayers);

        // 3–8 s touches the cells from 2 to 10 s; the frame at 8.0 s is where the window closes, and counts.
        Assert.Equal([(2.0, 10.0), (22.0, 30.0), (42.0, 50.0)], plan.Pieces.Where(p => p.Personal).Select(p => (Math.Round(p.Segment.Start, 3), Math.Round(p.Segment.End, 3))));
        Assert.Equal(7, plan.Pieces.Count);
        Assert.Equal(Minute.FrameCount, plan.Pieces.Sum(p => p.Segment.FrameCount));
        Assert.Equal(0.4, plan.PersonalShare, 3);
        Assert.Equal(29, plan.KeyframeCuts.Count);
        Assert.Equal(2 - (1 / 60.0), plan.KeyframeCuts[0], 6);
        Assert.All(plan.Pieces.Skip(1), p => Assert.Equal(p.Segment.Start - (1 / 60.0), p.Segment.CutFrom!.Value, 6));

        // A pipeline keeps the plan between its steps as JSON.
        var kept = JsonSerializer.Deserialize<RecipientPlan>(JsonSerializer.Serialize(plan))!;
        Assert.Equal(plan.Pieces, kept.Pieces);
        Assert.Equal(plan.KeyframeCuts, kept.KeyframeCuts);
        Assert.Equal(plan.PersonalLayers, kept.PersonalLayers);
    }

    [Theory]
    [InlineData("", "always shown")]
    [InlineData(""" "start": 0, "end": 40 """, "cover 70 %")]
    public void A_personal_layer_always_on_or_over_most_of_the_video_makes_full_encodes(string window, string reason)
    {
        var plan = RecipientPlanner.Plan(Minute, Template(window), ThreeRecipients);

        Assert.False(plan.Smart);
        Assert.Contains(reason, plan.Reason, StringComparison.Ordinal);
        Assert.Empty(plan.Pieces);
    }

    [Fact]
    public void One_recipient_or_a_costly_share_makes_full_encodes_and_no_personal_layer_makes_every_copy_the_base()
    {
        var timed = Template(""" "start": 0, "end": 26 """);
        Assert.False(RecipientPlanner.Plan(Minute, timed, [Tokens("Ana")]).Smart);
        Assert.Contains("would cost 0.97 of 2 full encodes", RecipientPlanner.Plan(Minute, timed, [Tokens("Ana"), Tokens("Bob")]).Reason, StringComparison.Ordinal);

        var same = RecipientPlanner.Plan(Minute, timed, [Tokens("Ana"), Tokens("Ana")]);
        Assert.True(same.Smart, same.Reason);
        Assert.Empty(same.PersonalLayers);
        Assert.False(Assert.Single(same.Pieces).Personal);
    }

    [Fact]
    public void A_recipient_without_a_value_is_named()
    {
        var error = Assert.Throws<InvalidInputException>(() =>
            RecipientPlanner.Plan(Minute, Template(""" "end": 5 """), [Tokens("Ana"), new Dictionary<string, string> { ["date"] = "2026-12-03" }]));

        Assert.StartsWith("Recipient 2: The token {recipient} has no value", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Tokens(string name) => new() { ["recipient"] = name, ["date"] = "2026-12-03" };

    private static WatermarkTemplate Template(string nameWindow) => TemplateJson.Deserialize(Encoding.UTF8.GetBytes($$"""
        { "name": "screener", "layers": [
          { "type": "text", "text": "SCREENER {date}", "position": "top-left" },
          { "type": "text", "text": "For {recipient}", "position": "center", "motion": { "type": "hop", "period": 4 } {{(nameWindow.Length == 0 ? "" : "," + nameWindow)}} } ] }
        """));
}
