using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Worker.Cli;

/// <summary>The watermark image to use: the one given, or the built-in one written to a temporary file.</summary>
internal sealed class WatermarkFile : IDisposable
{
    private readonly string? temporary;

    public WatermarkFile(FileInfo? given)
    {
        if (given is not null)
        {
            Path = given.FullName;
            return;
        }

        temporary = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vw-watermark-{Guid.NewGuid():N}.png");
        Path = DefaultWatermark.WriteTo(temporary);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (temporary is not null)
        {
            File.Delete(temporary);
        }
    }
}
