using System.Diagnostics;
using System.Globalization;

namespace VideoWatermark.Pipeline.Tests.Support;

/// <summary>
/// The system ffmpeg, for making test clips and reading back what a user would see and hear. No ffmpeg is a failure,
/// not a skip.
/// </summary>
public static class Ffmpeg
{
    private static readonly SemaphoreSlim ClipLock = new(1, 1);
    private static readonly string ClipCache = Path.Combine(Path.GetTempPath(), "vw-pipeline-tests", "clips");

    /// <summary>A testsrc2 clip with a sine tone (AAC), made once per test run and shared read-only.</summary>
    public static async Task<string> ClipAsync(double seconds = 2, int width = 320, int height = 240)
    {
        var path = Path.Combine(ClipCache, string.Create(CultureInfo.InvariantCulture, $"clip-{seconds}s-{width}x{height}.mp4"));
        await ClipLock.WaitAsync();
        try
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(ClipCache);
                var temp = path + ".tmp.mp4";
                await RunAsync(string.Create(CultureInfo.InvariantCulture,
                    $"-y -f lavfi -i testsrc2=size={width}x{height}:rate=25:duration={seconds} -f lavfi -i sine=frequency=440:sample_rate=44100:duration={seconds} -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -b:a 64k -shortest {temp}"));
                File.Move(temp, path, overwrite: true);
            }

            return path;
        }
        finally
        {
            ClipLock.Release();
        }
    }

    /// <summary>MD5 of the decoded audio samples: equal when the sound is unchanged.</summary>
    public static async Task<string> AudioMd5Async(string path) =>
        System.Text.Encoding.ASCII.GetString(await RunAsync($"-v error -i {path} -map 0:a:0 -f md5 -")).Trim();

    /// <summary>The frame shown at <paramref name="seconds"/>, as RGB24 bytes of the video's own size.</summary>
    public static async Task<byte[]> FrameAsync(string path, double seconds, int width, int height)
    {
        var rgb = await RunAsync(string.Create(CultureInfo.InvariantCulture, $"-v error -ss {seconds} -i {path} -frames:v 1 -f rawvideo -pix_fmt rgb24 -"));
        Assert.Equal(width * height * 3, rgb.Length);
        return rgb;
    }

    public static async Task<byte[]> RunAsync(string arguments)
    {
        var start = new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg could not be started; install ffmpeg.");
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(output);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {arguments} failed: {await stderr}");
        }

        return output.ToArray();
    }
}
