using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Probing;

namespace VideoWatermark.Engine.Tests;

/// <summary>A watermark is probed once per content, not once per job: the same bytes at a new path are known already.</summary>
public sealed class ImageFactsCacheTests : EngineTestBase
{
    [Fact]
    public async Task The_same_bytes_at_another_path_are_not_probed_again_but_changed_bytes_are()
    {
        var cache = new ImageFactsCache();
        var probes = new List<string>();
        Task<ImageFacts> Probe(string path)
        {
            probes.Add(Path.GetFileName(path));
            return Task.FromResult(new ImageFacts("png", 10, 20, VisibleArea.Whole(10, 20)));
        }

        var first = Write("job-1/watermark.png", [1, 2, 3]);
        var same = Write("job-2/watermark.png", [1, 2, 3]);
        var changed = Write("job-3/other.png", [1, 2, 4]);

        await cache.GetOrProbeAsync(first, Probe, CancellationToken.None);
        var again = await cache.GetOrProbeAsync(same, Probe, CancellationToken.None);
        await cache.GetOrProbeAsync(changed, Probe, CancellationToken.None);

        Assert.Equal(["watermark.png", "other.png"], probes);
        Assert.Equal(new ImageFacts("png", 10, 20, VisibleArea.Whole(10, 20)), again);
    }

    [Fact]
    public async Task A_refused_image_is_probed_and_refused_every_time()
    {
        var cache = new ImageFactsCache();
        var probes = 0;
        Task<ImageFacts> Refuse(string path)
        {
            probes++;
            throw new VideoRejectedException("not an image");
        }

        var bad = Write("bad.png", [0, 0, 0]);

        await Assert.ThrowsAsync<VideoRejectedException>(() => cache.GetOrProbeAsync(bad, Refuse, CancellationToken.None));
        await Assert.ThrowsAsync<VideoRejectedException>(() => cache.GetOrProbeAsync(bad, Refuse, CancellationToken.None));

        Assert.Equal(2, probes);
    }

    private string Write(string relative, byte[] bytes)
    {
        var path = PathIn(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
