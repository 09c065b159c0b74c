using System.Globalization;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>Cancelling stops ffmpeg for good; the engine's gate runs one encode at a time when told to.</summary>
public sealed class CancellationAndGateTests : EngineTestBase
{
    [Fact]
    public async Task Cancel_mid_encode_throws_leaves_no_output_and_no_ffmpeg_process()
    {
        var input = TestMedia.Clip(PathIn("long.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 8 });
        using var slow = new FfmpegWatermarkEngine(new EngineOptions { Preset = "veryslow" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var started = new TaskCompletionSource();
        var progress = new Callback(p =>
        {
            if (p > 0)
            {
                started.TrySetResult();
            }
        });

        var run = slow.ApplyAsync(new WatermarkRequest(input, SeedWatermark(), PathIn("out.mp4"), new WatermarkSpec()), progress, cts.Token);
        await Task.WhenAny(started.Task, run);
        Assert.False(run.IsCompleted, "the encode should still be running when cancelled");
        Assert.NotEmpty(FfmpegProcessesUsing(Dir));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(FfmpegProcessesUsing(Dir));
        Assert.Empty(FilesNamed(n => n == "out.mp4" || n.EndsWith(".partial", StringComparison.Ordinal)));
        Assert.Contains("cancelled", File.ReadAllText(PathIn("out.mp4.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_one_parallel_encode_the_engine_runs_encodes_one_after_another()
    {
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1 });
        using var gated = new FfmpegWatermarkEngine(new EngineOptions { Preset = "ultrafast", MaxParallelEncodes = 1 });
        var mark = SeedWatermark();

        var runs = Enumerable.Range(0, 3)
            .Select(i => gated.ApplyAsync(new WatermarkRequest(input, mark, PathIn($"out{i}.mp4"), new WatermarkSpec())))
            .ToList();
        var results = await Task.WhenAll(runs);

        var spans = results.Select(r => RunSpan(r.LogPath)).OrderBy(s => s.Start).ToList();
        for (var i = 1; i < spans.Count; i++)
        {
            Assert.True(spans[i].Start >= spans[i - 1].End, $"encode {i} started before encode {i - 1} ended");
        }
    }

    /// <summary>When the log says ffmpeg started and when it says it finished.</summary>
    private static (DateTime Start, DateTime End) RunSpan(string logPath)
    {
        var lines = File.ReadAllLines(logPath);
        return (Stamp(lines.First(l => l.Contains("] command: ", StringComparison.Ordinal))),
            Stamp(lines.First(l => l.Contains("] done in ", StringComparison.Ordinal))));

        static DateTime Stamp(string line) =>
            DateTime.ParseExact(line[1..24], "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
    }

    /// <summary>Live ffmpeg processes whose command line mentions <paramref name="folder"/> (other tests' ffmpegs do not).</summary>
    private static List<int> FfmpegProcessesUsing(string folder)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (Path.GetFileName(cmdline[0]) == "ffmpeg" && cmdline.Any(a => a.Contains(folder, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    private sealed class Callback(Action<double> onReport) : IProgress<double>
    {
        public void Report(double value) => onReport(value);
    }
}
