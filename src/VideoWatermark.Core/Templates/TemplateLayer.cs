using System.Text.Json.Serialization;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Templates;

/// <summary>
/// One layer of a <see cref="WatermarkTemplate"/>, exactly as its JSON reads. One record for both kinds keeps the
/// format flat (no type discriminator tricks); <see cref="TemplateValidation"/> says which fields belong to which kind.
/// Setters, not init: System.Text.Json's generated code would reset an absent init-only property to its type's
/// default (an opacity of 0, no color) instead of keeping the defaults below.
/// </summary>
public sealed record TemplateLayer
{
    public const double DefaultTextSize = 0.05;

    public LayerType Type { get; set; }

    /// <summary>Image layers: a library name (portal, API, jobs) or a path relative to the template file (CLI).</summary>
    public string? Image { get; set; }

    /// <summary>Image layers: width as a share of the video's width; 0 keeps the image's own size.</summary>
    public double Scale { get; set; }

    /// <summary>Text layers: the text, with <c>{tokens}</c> (see <see cref="TemplateTokens"/>).</summary>
    public string? Text { get; set; }

    /// <summary>Text layers: text height as a share of the video's height.</summary>
    public double Size { get; set; } = DefaultTextSize;

    /// <summary>Text layers: <c>#RRGGBB</c>.</summary>
    public string Color { get; set; } = "#FFFFFF";

    /// <summary>Text layers: a font family name; characters it lacks fall back to another installed font.</summary>
    public string? Font { get; set; }

    public bool Outline { get; set; }

    public bool Shadow { get; set; }

    /// <summary>Text layers: <c>#RRGGBBAA</c> drawn behind the text.</summary>
    public string? Box { get; set; }

    /// <summary>One of the nine anchors; absent means <see cref="Anchor.Center"/> unless <see cref="X"/>/<see cref="Y"/> place it.</summary>
    public Anchor? Position { get; set; }

    /// <summary>Gap to the frame's edges as a share of its shorter side (anchored placement only).</summary>
    public double Margin { get; set; }

    /// <summary>Free placement: the layer's left edge as a share of the frame's width (with <see cref="Y"/>).</summary>
    public double? X { get; set; }

    public double? Y { get; set; }

    public double Opacity { get; set; } = 1.0;

    /// <summary>Degrees, clockwise.</summary>
    public double Rotation { get; set; }

    /// <summary>Seconds from the start of the video; absent means from the start.</summary>
    public double? Start { get; set; }

    /// <summary>Seconds from the start of the video; absent means to the end.</summary>
    public double? End { get; set; }

    public double FadeIn { get; set; }

    public double FadeOut { get; set; }

    public LayerRepeat? Repeat { get; set; }

    public LayerMotion? Motion { get; set; }

    /// <summary>Repeats the layer over the whole frame in a grid, rotated with it.</summary>
    public bool Tile { get; set; }

    /// <summary>The anchor this layer is placed at when it is not freely placed.</summary>
    [JsonIgnore]
    public Anchor Anchor => Position ?? Anchor.Center;

    [JsonIgnore]
    public bool IsFreelyPlaced => X is not null || Y is not null;

    [JsonIgnore]
    public MotionKind MotionKind => Motion?.Type ?? MotionKind.None;
}
