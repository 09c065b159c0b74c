using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Components.TemplateEditing;

namespace VideoWatermark.Portal.Tests.Components;

public sealed class TemplateDraftTests
{
    [Fact]
    public void Layers_are_added_selected_reordered_and_removed_with_the_selection_following_its_layer()
    {
        var draft = TemplateDraft.New();
        draft.AddText();
        draft.AddImage("logo.png");
        draft.AddText();
        Assert.Equal(2, draft.Selected);

        draft.Select(1);
        draft.MoveUp(1);
        Assert.Equal([LayerType.Image, LayerType.Text, LayerType.Text], draft.Layers.Select(l => l.Type));
        Assert.Equal(0, draft.Selected);

        draft.MoveDown(0);
        draft.MoveDown(1);
        Assert.Equal(LayerType.Image, draft.Layers[2].Type);
        Assert.Equal(2, draft.Selected);

        draft.Remove(2);
        Assert.Equal(2, draft.Layers.Count);
        Assert.Equal(1, draft.Selected);
        draft.Name = "t";
        Assert.Empty(draft.ToTemplate().Problems());
    }

    [Fact]
    public void Editing_a_draft_never_changes_the_saved_version_it_came_from()
    {
        var stored = new StoredTemplate("s", 3, DateTimeOffset.UnixEpoch, new WatermarkTemplate
        {
            Name = "s",
            Layers = [new TemplateLayer { Type = LayerType.Text, Text = "A", Motion = new LayerMotion { Type = MotionKind.Drift, Period = 4 } }],
        });

        var draft = TemplateDraft.From(stored);
        draft.SelectedLayer!.Text = "B";
        draft.SelectedLayer.Motion!.Period = 9;

        Assert.Equal(3, draft.Version);
        Assert.Equal("A", stored.Template.Layers[0].Text);
        Assert.Equal(4, stored.Template.Layers[0].Motion!.Period);
        Assert.Equal("B", draft.ToTemplate().Layers[0].Text);
    }

    [Fact]
    public void Placement_motion_and_tiling_edits_keep_a_layer_valid()
    {
        var layer = new TemplateLayer { Type = LayerType.Text, Text = "A", Position = Anchor.TopRight, Margin = 0.04 };

        layer.Move(MotionKind.Hop);
        layer.Place(LayerEdits.Free);
        Assert.Equal((null, 0.04, 0.04, MotionKind.None), (layer.Position, layer.X, layer.Y, layer.MotionKind));

        layer.Move(MotionKind.Hop);
        Assert.Equal((Anchor.TopLeft, null, null), (layer.Position, layer.X, layer.Y));

        layer.Tiles(true);
        Assert.Equal(MotionKind.None, layer.MotionKind);
        layer.Repeats(true);
        Assert.Equal((60, 5), (layer.Repeat!.Every, layer.Repeat.For));
        Assert.Empty(new WatermarkTemplate { Name = "t", Layers = [layer] }.Problems());
    }
}
