namespace VideoWatermark.Core.Watermarks;

/// <summary>
/// The original design's watermark (640x480 RGBA, "WATERMARKED" in semi-transparent white), shipped inside the
/// assembly so every store can be seeded with it on first start and every test can use it.
/// </summary>
public static class DefaultWatermark
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>
    /// Where its text is: the box of its pixels above <see cref="VisibleArea.AlphaThreshold"/>, as the library and the
    /// engine measure it (the engine's tests check this against the decoded image).
    /// </summary>
    public static VisibleArea Visible { get; } = new(77, 219, 485, 45);

    public static Stream OpenRead() =>
        typeof(DefaultWatermark).Assembly.GetManifestResourceStream("VideoWatermark.Core.Assets.watermark.png")
        ?? throw new InvalidOperationException("The default watermark is missing from the assembly.");

    /// <summary>Writes the watermark to <paramref name="path"/> and returns the path.</summary>
    public static string WriteTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var source = OpenRead();
        using var target = File.Create(path);
        source.CopyTo(target);
        return path;
    }
}
