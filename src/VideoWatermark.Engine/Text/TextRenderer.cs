using System.Globalization;
using System.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;
using VideoWatermark.Core.Errors;

namespace VideoWatermark.Engine.Text;

/// <summary>
/// Draws a text layer into pixels: HarfBuzz shapes each run (Arabic joins, Hebrew and Arabic run right to left,
/// combining marks sit on their base), each character comes from the chosen font or, when it lacks one, from another
/// installed font, and a character no installed font has refuses the text naming it rather than drawing a box.
/// The result is a premultiplied RGBA bitmap cropped to the drawn pixels (plus outline, shadow and box).
/// </summary>
public static class TextRenderer
{
    private static readonly SKFontManager Fonts = SKFontManager.Default;

    public static SKBitmap Render(string text, TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(style);
        TextRefusal.ThrowIfUndrawable(text);
        var primary = (style.Font is null ? null : Fonts.MatchFamily(style.Font)) ?? SKTypeface.Default;

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => Shape(line, primary, style.FontPixels)).ToList();
        using var sample = new SKFont(primary, style.FontPixels);
        var lineHeight = sample.Spacing;
        var ascent = -sample.Metrics.Ascent;
        var width = Math.Max(1f, lines.Max(l => l.Width));
        var height = lineHeight * lines.Count;

        var pad = style.FontPixels * (style.BoxArgb is null ? 0.12f : 0.3f);
        var canvasWidth = (int)Math.Ceiling(width + (2 * pad));
        var canvasHeight = (int)Math.Ceiling(height + (2 * pad));
        using var flat = new SKBitmap(new SKImageInfo(canvasWidth, canvasHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(flat))
        {
            canvas.Clear(SKColors.Transparent);
            if (style.BoxArgb is { } box)
            {
                using var boxPaint = new SKPaint { Color = new SKColor(box), IsAntialias = true };
                canvas.DrawRoundRect(new SKRect(0, 0, canvasWidth, canvasHeight), pad * 0.3f, pad * 0.3f, boxPaint);
            }

            for (var i = 0; i < lines.Count; i++)
            {
                // Lines are centered on each other; a right-to-left line reads from its right edge all the same.
                var origin = new SKPoint(pad + ((width - lines[i].Width) / 2), pad + ascent + (i * lineHeight));
                Draw(canvas, lines[i], origin, style);
            }
        }

        return Rotate(flat, style.Rotation);
    }

    /// <summary>
    /// Loads what drawing <paramref name="text"/> in <paramref name="style"/> will take (fontconfig's configuration, the
    /// fonts its characters come from, HarfBuzz, FreeType's rasterizer and Skia's stroke and blur code, at their first
    /// use) while the engine waits for something else, so the drawing itself finds them ready: it draws the text once,
    /// small. Best effort: a text that cannot be drawn is refused by <see cref="Render"/>, not here.
    /// </summary>
    public static void Prepare(string text, TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(style);
        try
        {
            using var sample = Render(text, style with { FontPixels = 16, Rotation = 0 });
        }
        catch (InvalidInputException)
        {
        }
    }

    /// <summary>Renders and encodes as PNG, the form the engine hands to ffmpeg.</summary>
    public static byte[] RenderPng(string text, TextStyle style)
    {
        using var bitmap = Render(text, style);
        return LayerPng.Encode(bitmap);
    }

    internal static SKBitmap Rotate(SKBitmap source, float degrees)
    {
        if (degrees % 360 == 0)
        {
            return source.Copy();
        }

        var radians = degrees * MathF.PI / 180;
        var (cos, sin) = (MathF.Abs(MathF.Cos(radians)), MathF.Abs(MathF.Sin(radians)));
        var w = (int)Math.Ceiling((source.Width * cos) + (source.Height * sin));
        var h = (int)Math.Ceiling((source.Width * sin) + (source.Height * cos));
        var rotated = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(rotated);
        canvas.Clear(SKColors.Transparent);
        canvas.Translate(w / 2f, h / 2f);
        canvas.RotateDegrees(degrees);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, -source.Width / 2f, -source.Height / 2f, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        return rotated;
    }

    private static void Draw(SKCanvas canvas, ShapedLine line, SKPoint origin, TextStyle style)
    {
        if (line.Runs.Count == 0)
        {
            return;
        }

        using var builder = new SKTextBlobBuilder();
        foreach (var run in line.Runs)
        {
            using var font = new SKFont(run.Typeface, style.FontPixels) { Subpixel = true, Edging = SKFontEdging.Antialias };
            builder.AddPositionedRun(run.Glyphs, font, run.Positions);
        }

        using var blob = builder.Build();
        if (blob is null)
        {
            return;
        }

        var (x, y) = (origin.X, origin.Y);
        if (style.Shadow)
        {
            using var shadow = new SKPaint
            {
                Color = new SKColor(0, 0, 0, 160),
                IsAntialias = true,
                MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, style.FontPixels * 0.04f),
            };
            canvas.DrawText(blob, x + (style.FontPixels * 0.05f), y + (style.FontPixels * 0.05f), shadow);
        }

        if (style.Outline)
        {
            using var outline = new SKPaint
            {
                Color = SKColors.Black,
                IsAntialias = true,
                Style = SKPaintStyle.Stroke,
                StrokeWidth = Math.Max(1.5f, style.FontPixels * 0.08f),
                StrokeJoin = SKStrokeJoin.Round,
            };
            canvas.DrawText(blob, x, y, outline);
        }

        using var fill = new SKPaint { Color = new SKColor(style.Argb), IsAntialias = true };
        canvas.DrawText(blob, x, y, fill);
    }

    /// <summary>
    /// Splits a line into runs of one font and one direction, shapes each, and lays them out in visual order: runs
    /// in reading order for a left-to-right line, reversed for a line whose first strong character is right to left
    /// (HarfBuzz already orders the glyphs inside each run).
    /// </summary>
    private static ShapedLine Shape(string line, SKTypeface primary, float pixels)
    {
        var pieces = new List<(SKTypeface Typeface, bool Rtl, StringBuilder Text)>();
        bool? paragraphRtl = null;
        var elements = StringInfo.GetTextElementEnumerator(line);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var typeface = FontFor(element, primary);
            var direction = Direction(element);
            paragraphRtl ??= direction;
            var rtl = direction ?? (pieces.Count > 0 ? pieces[^1].Rtl : paragraphRtl ?? false);
            if (pieces.Count > 0 && pieces[^1].Typeface == typeface && pieces[^1].Rtl == rtl)
            {
                pieces[^1].Text.Append(element);
            }
            else
            {
                pieces.Add((typeface, rtl, new StringBuilder(element)));
            }
        }

        if (paragraphRtl == true)
        {
            pieces.Reverse();
        }

        var runs = new List<ShapedRun>();
        var x = 0f;
        foreach (var (typeface, rtl, text) in pieces)
        {
            using var shaper = new SKShaper(typeface);
            using var buffer = new HarfBuzzSharp.Buffer();
            buffer.AddUtf16(text.ToString());
            buffer.Direction = rtl ? HarfBuzzSharp.Direction.RightToLeft : HarfBuzzSharp.Direction.LeftToRight;
            buffer.GuessSegmentProperties();
            using var font = new SKFont(typeface, pixels);
            var result = shaper.Shape(buffer, x, 0, font);
            runs.Add(new ShapedRun(typeface, [.. result.Codepoints.Select(g => (ushort)g)], result.Points));
            x += result.Width;
        }

        return new ShapedLine(runs, x);
    }

    /// <summary>The primary font when it has every visible character of the element, else the one fontconfig offers.</summary>
    private static SKTypeface FontFor(string element, SKTypeface primary)
    {
        var visible = element.EnumerateRunes().Where(r => !IsInvisibleJoiner(r)).ToList();
        if (visible.Count == 0 || Covers(primary, visible))
        {
            return primary;
        }

        var fallback = Fonts.MatchCharacter(primary.FamilyName, primary.FontStyle, [], visible[0].Value);
        if (fallback is not null && Covers(fallback, visible))
        {
            return fallback;
        }

        var missing = visible.First(r => fallback is null || !Covers(fallback, [r]));
        throw new InvalidInputException($"No installed font has the character {TextRefusal.Name(missing)}: it would be drawn as a box. Remove it or install a font that has it.");
    }

    private static bool Covers(SKTypeface typeface, IReadOnlyList<Rune> runes)
    {
        using var font = new SKFont(typeface);
        return runes.All(r => font.GetGlyph(r.Value) != 0);
    }

    // Joiners and variation selectors steer shaping; fonts need not map them to a glyph of their own.
    private static bool IsInvisibleJoiner(Rune rune) =>
        rune.Value is 0x200C or 0x200D or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) or 0x20E3;

    /// <summary>True for a right-to-left letter, false for a left-to-right one, null for digits, spaces and marks.</summary>
    private static bool? Direction(string element)
    {
        var rune = element.EnumerateRunes().First();
        if (rune.Value is (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF))
        {
            return Rune.IsLetter(rune) ? true : null;
        }

        return Rune.IsLetter(rune) ? false : null;
    }

    private sealed record ShapedRun(SKTypeface Typeface, ushort[] Glyphs, SKPoint[] Positions);

    private sealed record ShapedLine(IReadOnlyList<ShapedRun> Runs, float Width);
}
