using System.Globalization;
using System.Text;

namespace VideoWatermark.Testing.Media;

/// <summary>
/// Generates the media the tests run on with ffmpeg's lavfi sources (testsrc2 / color + sine), and the bad inputs a
/// user might upload. Every method writes to the path it is given, creates its folder, and returns the path.
/// </summary>
/// <example><code>
/// var clip = TestMedia.Clip(Path.Combine(dir, "in.mp4"), new ClipOptions { Seconds = 1, Rotation = 90 });
/// var bad = TestMedia.Truncated(Path.Combine(dir, "cut.mp4"));
/// </code></example>
public static class TestMedia
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The language tags <see cref="ClipOptions.AudioTracks"/> gives its tracks, in order.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["eng", "fra", "deu", "spa"];

    /// <summary>A fresh empty folder under the test host's temp folder (removed when the host exits, if not before).</summary>
    public static string NewTempDirectory(string prefix = "vw-test")
    {
        var dir = Path.Combine(TempFolder.RunRoot, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Generates a clip as <paramref name="options"/> describe (defaults: 320x180, 2 s, with audio).</summary>
    public static string Clip(string path, ClipOptions? options = null)
    {
        var o = options ?? new ClipOptions();
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var webm = ext == ".webm";
        if (o.Rotation % 360 != 0 && ext is not (".mp4" or ".mov" or ".m4v"))
        {
            throw new ArgumentException("Rotation is written as MP4/MOV display-matrix metadata: use .mp4, .mov or .m4v.");
        }

        Prepare(path);
        var seconds = o.Seconds.ToString(Inv);
        var size = $"{o.Width}x{o.Height}";
        var picture = o.Color is null
            ? $"testsrc2=size={size}:rate={o.Fps}:duration={seconds}"
            : $"color=c={o.Color}:size={size}:rate={o.Fps}:duration={seconds}";
        var args = new List<string> { "-y", "-f", "lavfi", "-i", picture };
        var tracks = o.Audio ? Math.Max(1, o.AudioTracks) : 0;
        var audioSeconds = Math.Max(0.1, o.Seconds - o.AudioDelaySeconds).ToString(Inv);
        for (var n = 0; n < tracks; n++)
        {
            if (o.AudioDelaySeconds > 0)
            {
                args.AddRange(["-itsoffset", o.AudioDelaySeconds.ToString(Inv)]);
            }

            args.AddRange(["-f", "lavfi", "-i", $"sine=frequency={440 * (n + 1)}:sample_rate=48000:duration={audioSeconds}"]);
        }

        args.AddRange(["-map", "0:v"]);
        for (var n = 0; n < tracks; n++)
        {
            args.AddRange(["-map", $"{n + 1}:a", $"-c:a:{n}", o.AudioCodec ?? (webm ? "libopus" : "aac"), $"-ac:a:{n}", $"{n + 1}"]);
            if (tracks > 1)
            {
                args.AddRange([$"-metadata:s:a:{n}", $"language={Languages[n % Languages.Count]}"]);
            }
        }

        var filters = new List<string>();
        if (o.Noise > 0)
        {
            filters.Add($"noise=alls={o.Noise}:allf=t");
        }

        if (o.VariableFrameRate)
        {
            // Dropping frames and passing timestamps through leaves gaps: frame durations of 1 and 2 ticks.
            filters.Add("select='not(eq(mod(n\\,4)\\,1))'");
            args.AddRange(["-fps_mode", "passthrough"]);
        }

        if (filters.Count > 0)
        {
            args.AddRange(["-vf", string.Join(',', filters)]);
        }

        var codec = o.VideoCodec ?? (webm ? "libvpx-vp9" : "libx264");
        args.AddRange(["-c:v", codec, "-pix_fmt", o.PixelFormat]);
        args.AddRange(codec switch
        {
            "libx264" when o.Noise > 0 => ["-preset", "ultrafast", "-qp", "6"],
            "libx264" => ["-preset", "ultrafast"],
            "libvpx-vp9" => ["-deadline", "realtime", "-cpu-used", "8", "-b:v", "500k"],
            _ => [],
        });

        var rotated = o.Rotation % 360 != 0;
        var target = rotated ? path + ".unrotated" + ext : path;
        MediaTool.Ffmpeg([.. args, target]);
        if (rotated)
        {
            // ffmpeg 5.1 turns the legacy rotate tag into a display matrix on remux, exactly what phones write.
            MediaTool.Ffmpeg("-y", "-i", target, "-map", "0", "-c", "copy",
                "-metadata:s:v:0", $"rotate={((o.Rotation % 360) + 360) % 360}", path);
            File.Delete(target);
        }

        return path;
    }

    /// <summary>An AAC audio-only MP4 (a sine) under whatever name is given: a video upload that has no picture.</summary>
    public static string AudioOnly(string path, double seconds = 2)
    {
        Prepare(path);
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds.ToString(Inv)}",
            "-c:a", "aac", "-f", "mp4", path);
        return path;
    }

    /// <summary>An empty file: an upload that never sent a byte.</summary>
    public static string ZeroBytes(string path)
    {
        Prepare(path);
        File.WriteAllBytes(path, []);
        return path;
    }

    /// <summary>
    /// A real MP4 cut to its first third, as an interrupted upload leaves it. By default the index (moov), which the
    /// MP4 muxer writes last, is lost, so probing fails. With <paramref name="indexFirst"/> the clip is written with
    /// +faststart: the index survives and probing succeeds, but the media data ends early.
    /// </summary>
    public static string Truncated(string path, ClipOptions? options = null, bool indexFirst = false)
    {
        var whole = Clip(Prepare(path) + ".whole.mp4", options);
        if (indexFirst)
        {
            MediaTool.Ffmpeg("-y", "-i", whole, "-map", "0", "-c", "copy", "-movflags", "+faststart", whole + ".fast.mp4");
            File.Move(whole + ".fast.mp4", whole, overwrite: true);
        }

        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        File.Delete(whole);
        return path;
    }

    /// <summary>A text file named like a video (e.g. <c>notes.mp4</c>).</summary>
    public static string TextFile(string path)
    {
        Prepare(path);
        File.WriteAllText(path, "This is not a video, whatever its name says.\n", Encoding.UTF8);
        return path;
    }

    /// <summary>
    /// A PNG of two flat halves: <paramref name="topColor"/> above <paramref name="bottomColor"/>, with the given
    /// opacity (1 = opaque). Tests use it to see where a watermark landed and which way up.
    /// </summary>
    public static string TwoToneImage(string path, int width, int height, string topColor = "red", string bottomColor = "blue", double opacity = 1)
    {
        Prepare(path);
        var half = height / 2;
        var rest = height - half;
        var alpha = opacity.ToString("0.###", Inv);
        MediaTool.Ffmpeg("-y",
            "-f", "lavfi", "-i", $"color=c={topColor}:size={width}x{half}",
            "-f", "lavfi", "-i", $"color=c={bottomColor}:size={width}x{rest}",
            "-filter_complex", $"[0:v][1:v]vstack,format=rgba,colorchannelmixer=aa={alpha}",
            "-frames:v", "1", "-update", "1", path);
        return path;
    }

    private static string Prepare(string path)
    {
        MediaTool.RequireFfmpeg();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return path;
    }
}
