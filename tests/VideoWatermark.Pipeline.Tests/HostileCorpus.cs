using System.Buffers.Binary;
using System.Text;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>One generated input: its file, and what kind of damage it carries (for the failure messages).</summary>
public sealed record HostileFile(string Path, string Kind);

/// <summary>
/// Bad videos and bad watermarks made from two tiny real clips: random bytes, truncations at many offsets, bit flips
/// in the index and in the picture data, zero bytes, huge declared dimensions, audio only, images and text named .mp4,
/// and damaged, enormous, SVG and text watermarks. Seeded, so every run makes the same files.
/// </summary>
public static class HostileCorpus
{
    /// <summary>The index boxes whose damage no demuxer can work around (measured: flipping ftyp, tkhd, hdlr is harmless).</summary>
    private static readonly string[] VitalBoxes = ["moov", "trak", "mdia", "minf", "stbl", "stsd", "stsz", "stco", "stsc", "stts", "avcC", "mvhd"];

    public static IReadOnlyList<HostileFile> Videos(string folder)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(6);
        var files = new List<HostileFile>();
        string Write(string name, ReadOnlySpan<byte> bytes)
        {
            var path = System.IO.Path.Combine(folder, name);
            File.WriteAllBytes(path, bytes.ToArray());
            return path;
        }

        // CABAC (not ultrafast's CAVLC), so a flipped bit in a frame desynchronises the decoder and shows.
        var indexLast = System.IO.Path.Combine(folder, "base-index-last.mp4");
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=1",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", indexLast);
        var indexFirst = System.IO.Path.Combine(folder, "base-index-first.mp4");
        MediaTool.Ffmpeg("-y", "-i", indexLast, "-c", "copy", "-movflags", "+faststart", indexFirst);
        byte[] last = File.ReadAllBytes(indexLast), first = File.ReadAllBytes(indexFirst);
        File.Delete(indexLast);
        File.Delete(indexFirst);

        for (var i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(1, 64 * 1024)];
            random.NextBytes(bytes);
            files.Add(new(Write($"random-{i:00}.mp4", bytes), "random bytes"));
        }

        files.Add(new(Write("zero.mp4", []), "zero bytes"));

        // Without faststart the index is written last: any cut before its end loses it.
        var moovAtEnd = IndexOf(last, "moov") - 4;
        for (var i = 0; i < 40; i++)
        {
            var cut = 1 + (int)((long)(last.Length - 2) * i / 40);
            files.Add(new(Write($"cut-index-last-{i:00}.mp4", last.AsSpan(0, Math.Min(cut, last.Length - 1))), "truncated (index last)"));
        }

        // With faststart the index survives a cut in the media data: only reading the frames shows the loss.
        var mdat = IndexOf(first, "mdat") - 4;
        for (var i = 0; i < 40; i++)
        {
            var cut = mdat + 16 + (int)((long)(first.Length - mdat - 17) * i / 40);
            files.Add(new(Write($"cut-index-first-{i:00}.mp4", first.AsSpan(0, cut)), "truncated (index first)"));
        }

        foreach (var (source, layout) in new[] { (last, "last"), (first, "first") })
        {
            foreach (var box in VitalBoxes)
            {
                var flipped = (byte[])source.Clone();
                var at = IndexOf(flipped, box) + (box == "avcC" ? 8 + random.Next(0, 4) : random.Next(0, 4));
                flipped[at] ^= (byte)(1 << random.Next(0, 8));
                files.Add(new(Write($"flip-{box}-index-{layout}.mp4", flipped), $"bit flip in the {box} box"));
            }
        }

        // A dozen flips in the picture data, past the first frame's encoder SEI. Flips can land where no decoder
        // notices (then the file is a valid video with different pixels, and succeeding is right), so each variant
        // is kept only when a plain decode, apart from the pipeline, complains about it.
        var data = (Start: IndexOf(last, "mdat") + 4 + 2048, End: moovAtEnd);
        for (var seed = 0; files.Count(f => f.Kind == FlippedData) < 45; seed++)
        {
            Assert.True(seed < 100, "too few bit-flipped variants upset the decoder");
            var flipped = (byte[])last.Clone();
            var flips = new Random(seed);
            for (var n = 0; n < 12; n++)
            {
                flipped[flips.Next(data.Start, data.End)] ^= (byte)(1 << flips.Next(0, 8));
            }

            var path = Write($"flip-data-{seed:00}.mp4", flipped);
            if (DecoderComplains(path))
            {
                files.Add(new(path, FlippedData));
            }
            else
            {
                File.Delete(path);
            }
        }

        foreach (var (width, height) in new[] { (20000, 20000), (15000, 15000), (7800, 16), (16, 9000) })
        {
            files.Add(new(Write($"huge-{width}x{height}.mp4", HugeDeclared(folder, width, height)), "huge declared dimensions"));
        }

        files.Add(new(TestMedia.AudioOnly(System.IO.Path.Combine(folder, "audio-only-1.mp4"), 1), "audio only"));
        files.Add(new(TestMedia.AudioOnly(System.IO.Path.Combine(folder, "audio-only-2.mp4"), 2), "audio only"));
        foreach (var format in new[] { "png", "jpg", "gif", "bmp", "webp" })
        {
            var image = System.IO.Path.Combine(folder, $"image.{format}");
            MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "testsrc2=size=64x48", "-frames:v", "1", "-update", "1", image);
            var renamed = System.IO.Path.Combine(folder, $"image-{format}.mp4");
            File.Move(image, renamed);
            files.Add(new(renamed, $"{format} image named .mp4"));
        }

        string[] texts =
        [
            "This is not a video, whatever its name says.\n",
            "<!DOCTYPE html><html><body><video src=x></video></body></html>",
            "{\"video\": true}",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "#!/bin/sh\ntouch /tmp/pwned-$(id -u)\n",
        ];
        for (var i = 0; i < texts.Length; i++)
        {
            files.Add(new(Write($"text-{i}.mp4", Encoding.UTF8.GetBytes(texts[i])), "text named .mp4"));
        }

        return files;
    }

    /// <summary>Bad watermark images; the SVGs point at <paramref name="listener"/>, which must never be asked for anything.</summary>
    public static IReadOnlyList<HostileFile> Watermarks(string folder, Uri listener)
    {
        Directory.CreateDirectory(folder);
        var png = System.IO.Path.Combine(folder, "good.png");
        TestMedia.TwoToneImage(png, 64, 32);
        var bytes = File.ReadAllBytes(png);
        var files = new List<HostileFile>();
        string Write(string name, ReadOnlySpan<byte> content)
        {
            var path = System.IO.Path.Combine(folder, name);
            File.WriteAllBytes(path, content.ToArray());
            return path;
        }

        var corrupt = (byte[])bytes.Clone();
        corrupt[IndexOf(corrupt, "IDAT") + 12] ^= 0x10;
        files.Add(new(Write("corrupt.png", corrupt), "corrupt PNG"));
        files.Add(new(Write("cut.png", bytes.AsSpan(0, bytes.Length / 2)), "truncated PNG"));

        // Only the header claims the size: a few hundred bytes that would decode to 1.6 GB.
        var huge = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32BigEndian(huge.AsSpan(16), 20000);
        BinaryPrimitives.WriteInt32BigEndian(huge.AsSpan(20), 20000);
        files.Add(new(Write("huge.png", huge), "20000x20000 PNG"));

        var svg = $"""
            <?xml version="1.0"?>
            <?xml-stylesheet href="{listener}style.css"?>
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="32">
              <style>@import url("{listener}import.css");</style>
              <image href="{listener}image.png" width="64" height="32"/>
              <image xlink:href="{listener}legacy.png" width="64" height="32"/>
              <use href="{listener}sprite.svg#logo"/>
            </svg>
            """;
        files.Add(new(Write("logo.svg", Encoding.UTF8.GetBytes(svg)), "SVG with external references"));
        files.Add(new(Write("svg-named.png", Encoding.UTF8.GetBytes(svg)), "SVG named .png"));
        files.Add(new(Write("notes.png", Encoding.UTF8.GetBytes("not an image\n")), "text named .png"));
        files.Add(new(Write("page.png", Encoding.UTF8.GetBytes("<html><body><img src=\"" + listener + "x.png\"></body></html>")), "HTML named .png"));
        File.Delete(png);
        return files;
    }

    private const string FlippedData = "bit flips in the picture data";

    /// <summary>True when ffmpeg, decoding every frame and writing nothing, reports an error.</summary>
    private static bool DecoderComplains(string path)
    {
        var result = ProcessRun.Run("ffmpeg", ["-nostdin", "-v", "error", "-i", path, "-f", "null", "-"]);
        return result.ExitCode != 0 || result.StdErr.Trim().Length > 0;
    }

    private static int IndexOf(byte[] data, string fourcc) => data.AsSpan().IndexOf(Encoding.ASCII.GetBytes(fourcc));

    /// <summary>
    /// A raw-video MOV whose sample description claims <paramref name="width"/>x<paramref name="height"/>: nothing in
    /// the stream contradicts it, so ffprobe reports the claim.
    /// </summary>
    private static byte[] HugeDeclared(string folder, int width, int height)
    {
        var path = System.IO.Path.Combine(folder, $"raw-{Guid.NewGuid():N}.mov");
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "color=red:size=16x16:rate=5:duration=1", "-c:v", "rawvideo", "-pix_fmt", "uyvy422", path);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);

        // stsd: size, type, version and flags, entry count; then the entry's size, type, 24 bytes, width, height.
        var entryType = IndexOf(bytes, "stsd") + 4 + 8 + 4;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(entryType + 28), (ushort)width);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(entryType + 30), (ushort)height);
        return bytes;
    }
}
