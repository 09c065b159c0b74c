using System.Globalization;
using Microsoft.AspNetCore.Components;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Portal.Components.Shared;

public partial class PlacementPreview
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private ElementReference video;

    /// <summary>The frame as the viewer sees it (the sample frame until a video is chosen).</summary>
    [Parameter] public int FrameWidth { get; set; } = SampleFrame.Width;

    [Parameter] public int FrameHeight { get; set; } = SampleFrame.Height;

    [Parameter] public bool ShowVideo { get; set; }

    [Parameter] public string? ImageUrl { get; set; }

    [Parameter] public int ImageWidth { get; set; }

    [Parameter] public int ImageHeight { get; set; }

    /// <summary>The image's visible part, as the library measured it; the whole image is placed when unknown.</summary>
    [Parameter] public VisibleArea? Visible { get; set; }

    [Parameter, EditorRequired] public WatermarkSpec Spec { get; set; } = new();

    /// <summary>False shows the frame as uploaded (the "before" of a before/after comparison).</summary>
    [Parameter] public bool ShowWatermark { get; set; } = true;

    /// <summary>Draws the action-safe and title-safe guides over the frame.</summary>
    [Parameter] public bool ShowSafeAreas { get; set; }

    /// <summary>The preview's &lt;video&gt;, which the upload module points at the chosen local file.</summary>
    public ElementReference Video => video;

    /// <summary>The worker's numbers: <see cref="Placement.Place"/> on the same frame, image and visible part.</summary>
    public PlacedWatermark Placed => Placement.Place(FrameWidth, FrameHeight, Math.Max(1, ImageWidth), Math.Max(1, ImageHeight), Visible, Spec);

    public OverlayGeometry Geometry => Placed.Geometry;

    private bool HasImage => ImageUrl is not null && ImageWidth > 0 && ImageHeight > 0;

    private static string InsetStyle(double inset) => string.Create(Invariant, $"inset:{100 * inset:0.###}%;");

    private string PartText
    {
        get
        {
            var p = Placed.Part;
            return string.Create(Invariant, $"{p.X},{p.Y},{p.Width},{p.Height}");
        }
    }

    // A portrait frame as wide as the column would push the placement controls below the fold: its height is capped,
    // and its width follows from the aspect ratio.
    private string FrameStyle => string.Create(Invariant,
        $"aspect-ratio: {FrameWidth} / {FrameHeight}; max-width: calc(var(--preview-max-height) * {FrameWidth} / {FrameHeight});");

    private string MarkStyle
    {
        get
        {
            var g = Geometry;
            return string.Create(Invariant,
                $"left:{100.0 * g.X / FrameWidth:0.###}%;top:{100.0 * g.Y / FrameHeight:0.###}%;width:{100.0 * g.Width / FrameWidth:0.###}%;height:{100.0 * g.Height / FrameHeight:0.###}%;opacity:{Spec.Opacity:0.###};");
        }
    }

    /// <summary>The whole image, scaled as the drawn part is and shifted so that part fills the box (the rest is clipped).</summary>
    private string ImageStyle
    {
        get
        {
            var p = Placed.Part;
            double w = Math.Max(1, ImageWidth), h = Math.Max(1, ImageHeight);
            return string.Create(Invariant,
                $"left:{-100.0 * p.X / p.Width:0.####}%;top:{-100.0 * p.Y / p.Height:0.####}%;width:{100.0 * w / p.Width:0.####}%;height:{100.0 * h / p.Height:0.####}%;");
        }
    }
}
