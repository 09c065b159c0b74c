using System.Globalization;
using Microsoft.Playwright;

namespace LoadBench;

/// <summary>
/// Plays local MP4 files in headless chromium, as a viewer would: for each one, seek to every <c>--at</c> second, play
/// a second from there and read what the element reports (an error, or the time reached and the frames decoded).
/// Exit code 1 when any file fails to play. <c>LoadBench play --files a.mp4,b.mp4 --at 2,61</c>.
/// </summary>
internal static class PlayCheck
{
    private const string Script = """
        async ({ src, at }) => {
          const v = document.getElementById('v');
          const event = (name) => new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no ${name} within 20 s`)), 20000);
            v.addEventListener(name, () => { clearTimeout(timer); resolve(); }, { once: true });
            v.addEventListener('error', () => { clearTimeout(timer); reject(new Error(`media error ${v.error && v.error.code}: ${v.error && v.error.message}`)); }, { once: true });
          });
          try {
            const loaded = event('loadeddata');
            v.src = src;
            await loaded;
            for (const t of at) {
              const seeked = event('seeked');
              v.currentTime = t;
              await seeked;
              await v.play();
              const deadline = Date.now() + 20000;
              while (v.currentTime < t + 1 && !v.ended && Date.now() < deadline) await new Promise(r => setTimeout(r, 50));
              v.pause();
              if (v.currentTime < t + 0.5 && !v.ended) return `stalled at ${v.currentTime.toFixed(2)} s after seeking to ${t} s`;
            }
            const q = v.getVideoPlaybackQuality();
            return `played ${v.videoWidth}x${v.videoHeight}, ${v.duration.toFixed(2)} s long, ${q.totalVideoFrames} frames decoded`;
          } catch (e) {
            return `failed: ${e.message}`;
          }
        }
        """;

    public static async Task<int> RunAsync(Args options)
    {
        var files = options.Text("files").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var at = options.Text("at", "1").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var failed = 0;
        foreach (var file in files)
        {
            var full = Path.GetFullPath(file);
            var html = Path.Combine(Path.GetDirectoryName(full)!, ".play.html");
            await File.WriteAllTextAsync(html, "<!doctype html><video id=v muted playsinline></video>");
            await page.GotoAsync(new Uri(html).AbsoluteUri);
            var result = await page.EvaluateAsync<string>(Script, new { src = Path.GetFileName(full), at });
            Console.WriteLine($"{Path.GetFileName(full)}: {result}");
            failed += result.StartsWith("played", StringComparison.Ordinal) ? 0 : 1;
            File.Delete(html);
        }

        return failed == 0 ? 0 : 1;
    }
}
