using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Worker.Cli;

/// <summary>The watermark image to use: the one given, or the built-in one written to a temporary file.</summary>
internal sealed class WatermarkFile : IDisposable
{
    private readonly string? _temporary;

    public WatermarkFile(FileInfo? given)
    {
        if (given is not null)
        {
            Path = given.FullName;
            return;
        }

        _temporary = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vw-watermark-{Guid.NewGuid():N}.png");
        Path = DefaultWatermark.WriteTo(_temporary);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (_temporary is not null)
        {
            File.Delete(_temporary);
        }
    }
}
