using System.Security.Cryptography;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Pipeline.Tests.Support;

/// <summary>
/// What the person who downloads a job's output gets: the bytes the job's SHA-256 promises, every frame of the
/// input, the picture unchanged outside the watermark (first, middle and last frame), and the watermark where the
/// job asked for it. "Output verified" alone proves the transfer, not the picture.
/// </summary>
public static class OutputPicture
{
    /// <summary>For a job stamped with <see cref="TestMedia.TwoToneImage"/> (red over blue) of the given size.</summary>
    public static async Task AssertTwoToneMarkAsync(IObjectStore store, Job job, string clip, int markWidth, int markHeight, TempFolder folder)
    {
        var local = folder.Combine($"downloaded-{job.Id}.mp4");
        await store.DownloadAsync(job.OutputKey, local);
        Assert.Equal(job.OutputSha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(local))));

        Assert.Equal(Frames.CountFrames(clip), Frames.CountFrames(local));
        var g = Placement.Compute(Clips.Width, Clips.Height, markWidth, markHeight, job.Watermark);
        var box = new Region(g.X, g.Y, g.Width, g.Height);
        var frames = PictureFidelity.Compare(clip, local, box);
        var seen = PictureFidelity.Describe(frames);
        Assert.All(frames, f =>
        {
            Assert.True(f.Psnr > 30 && f.BlockPsnr > 45 && f.LargestShift < 1.5, $"outside the watermark the output should look like the input: {seen}");
            Assert.True(f.Output.MeanColor(box.TopHalf.Inflate(-3)).R > 200, $"frame {f.Index}: red half of the watermark at {box}");
            Assert.True(f.Output.MeanColor(box.BottomHalf.Inflate(-3)).B > 200, $"frame {f.Index}: blue half below it");
        });
    }

    /// <summary>Puts a two-tone watermark into the bucket's library and returns its key.</summary>
    public static async Task<string> PutTwoToneMarkAsync(IObjectStore store, TempFolder folder, int width, int height)
    {
        var path = TestMedia.TwoToneImage(folder.Combine($"mark-{width}x{height}.png"), width, height);
        var key = Core.ObjectKeys.WatermarkKey(Path.GetFileName(path));
        await store.UploadAsync(key, path, "image/png");
        return key;
    }
}
