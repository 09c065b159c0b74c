using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Portal.Components.TemplateEditing;

/// <summary>The properties panel's changes that touch more than one field of a layer, each kept consistent.</summary>
public static class LayerEdits
{
    /// <summary>The placement choice as the panel lists it: an anchor's name, or <see cref="Free"/>.</summary>
    public const string Free = "free";

    public static string PlacementName(this TemplateLayer layer) => layer.IsFreelyPlaced ? Free : layer.Anchor.ToName();

    /// <summary>An anchor (its margin kept), or free placement starting where a top-left anchor would have put it.</summary>
    public static void Place(this TemplateLayer layer, string choice)
    {
        if (choice == Free)
        {
            layer.Position = null;
            layer.X ??= layer.Margin;
            layer.Y ??= layer.Margin;
            if (layer.MotionKind == MotionKind.Hop)
            {
                // A hop moves between anchors; freely placed it would be refused on save.
                layer.Motion = null;
            }
        }
        else if (AnchorNames.TryParse(choice, out var anchor))
        {
            layer.Position = anchor;
            layer.X = null;
            layer.Y = null;
        }
    }

    public static void Move(this TemplateLayer layer, MotionKind kind)
    {
        if (kind == MotionKind.None)
        {
            layer.Motion = null;
            return;
        }

        layer.Motion = new LayerMotion { Type = kind, Period = layer.Motion?.Period ?? 10 };
        layer.Tile = false;
        if (kind == MotionKind.Hop && layer.IsFreelyPlaced)
        {
            layer.Place(Anchor.TopLeft.ToName());
        }
    }

    public static void Repeats(this TemplateLayer layer, bool repeats) =>
        layer.Repeat = repeats ? layer.Repeat ?? new LayerRepeat { Every = 60, For = 5 } : null;

    /// <summary>A tiled layer covers the frame: it does not move.</summary>
    public static void Tiles(this TemplateLayer layer, bool tiles)
    {
        layer.Tile = tiles;
        if (tiles)
        {
            layer.Motion = null;
        }
    }

    /// <summary>The seconds a layer's window and fades reach, for the length of the editor's time slider.</summary>
    public static double LastMoment(this TemplateLayer layer) =>
        Math.Max(layer.End ?? 0, (layer.Start ?? 0) + layer.FadeIn + layer.FadeOut + (layer.Repeat?.Every ?? 0));
}
