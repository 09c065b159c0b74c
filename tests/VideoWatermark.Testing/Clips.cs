using System.Globalization;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Testing;

/// <summary>Test clips (testsrc2 + a sine tone, 320x240), made once per run and shared read-only between tests.</summary>
public static class Clips
{
    public const int Width = 320;
    public const int Height = 240;

    private static readonly SemaphoreSlim Lock = new(1, 1);
    private static readonly string Folder = TempFolder.Shared("clips");

    public static async Task<string> GetAsync(double seconds = 2)
    {
        var path = Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"clip-{seconds}s.mp4"));
        await Lock.WaitAsync();
        try
        {
            return File.Exists(path) ? path : TestMedia.Clip(path, new ClipOptions { Width = Width, Height = Height, Seconds = seconds });
        }
        finally
        {
            Lock.Release();
        }
    }
}
