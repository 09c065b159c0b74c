using System.Globalization;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Probing;
using static VideoWatermark.Engine.Commands.LayerTiming;

namespace VideoWatermark.Engine.Commands;

/// <summary>The ffmpeg arguments for a template run and the filter graph inside them.</summary>
internal sealed record TemplateCommand(IReadOnlyList<string> Arguments, string Graph, int FrameWidth, int FrameHeight);

/// <summary>
/// Builds the one ffmpeg pass of a multi-layer template, beside <see cref="OverlayCommandBuilder"/>'s single overlay
/// and with the same encoder settings: every layer is one still image input (never looped), prepared once on its
/// single frame and overlaid in order, timed by <c>enable</c>, moved by <c>x</c>/<c>y</c> expressions. Only numbers
/// formatted invariantly from validated doubles and our own file paths (as separate arguments) reach ffmpeg; text is
/// already pixels in a PNG.
/// </summary>
internal static class TemplateCommandBuilder
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="keyframes">
    /// Output times (seconds from the first frame) from which the next frame starts a closed group, an IDR frame: the
    /// recipients' base, whose pieces are joined with other encodes by stream copy. Null for the encoder's own choice.
    /// </param>
    public static TemplateCommand Build(string inputPath, VideoFacts video, IReadOnlyList<LayerStill> stills, EngineOptions options, string outputPath, VideoCut? cut = null, IReadOnlyList<double>? keyframes = null)
    {
        var (graph, frameWidth, frameHeight) = Graph(video, stills, cut);
        var args = new List<string> { "-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats" };
        args.AddRange(cut?.InputArguments() ?? []);
        args.AddRange(["-i", inputPath]);
        foreach (var still in stills)
        {
            args.AddRange(["-i", still.Path]);
        }

        args.AddRange(options.FilterThreadArguments());
        args.AddRange(["-filter_complex", graph, "-map", "[out]"]);
        // A segment is video only: the join copies the audio once, from the source.
        for (var n = 0; cut is null && n < video.Audio.Count; n++)
        {
            var track = video.Audio[n];
            args.AddRange(["-map", $"0:{track.StreamIndex}"]);
            args.AddRange(AudioPlan.CanCopy(track.Codec)
                ? [$"-c:a:{n}", "copy"]
                : [$"-c:a:{n}", AudioPlan.ReencodeCodec, $"-b:a:{n}", AudioPlan.ReencodeBitrate]);
        }

        args.AddRange(["-c:v", "libx264", "-preset", options.Preset]);
        if (options.EffectiveX264Params.Length > 0)
        {
            args.AddRange(["-x264-params", options.EffectiveX264Params]);
        }

        args.AddRange(["-crf", options.Crf.ToString(Inv), "-pix_fmt", "yuv420p", "-fps_mode", "passthrough"]);
        if (keyframes is { Count: > 0 })
        {
            args.AddRange(["-force_key_frames", string.Join(',', keyframes.Select(N)), "-forced-idr", "1"]);
        }

        args.AddRange(cut is null ? ["-movflags", "+faststart"] : ["-an"]);
        args.AddRange(["-f", "mp4", outputPath]);
        return new TemplateCommand(args, graph, frameWidth, frameHeight);
    }

    /// <summary>
    /// The same graph over one still frame shown at <paramref name="seconds"/> (its timestamp shifted there, so every
    /// <c>enable</c> and motion expression reads that moment), written as one PNG: the editor's preview.
    /// </summary>
    public static TemplateCommand BuildFrame(string framePath, double seconds, VideoFacts frame, IReadOnlyList<LayerStill> stills, string outputPath)
    {
        var (graph, frameWidth, frameHeight) = Graph(frame, stills, null);
        var args = new List<string> { "-hide_banner", "-nostdin", "-y", "-itsoffset", N(seconds), "-i", framePath };
        foreach (var still in stills)
        {
            args.AddRange(["-i", still.Path]);
        }

        args.AddRange(["-filter_complex", graph, "-map", "[out]", "-frames:v", "1", "-c:v", "png", "-f", "image2", "-update", "1", outputPath]);
        return new TemplateCommand(args, graph, frameWidth, frameHeight);
    }

    private static (string Graph, int FrameWidth, int FrameHeight) Graph(VideoFacts video, IReadOnlyList<LayerStill> stills, VideoCut? cut)
    {
        var frameWidth = video.DisplayWidth & ~1;
        var frameHeight = video.DisplayHeight & ~1;
        var seconds = video.Duration.TotalSeconds;

        var chains = new List<string>();
        var current = $"[0:{video.StreamIndex}]";
        var first = new List<string>();
        if (cut is not null)
        {
            first.Add(cut.Trim());
        }

        if (frameWidth != video.DisplayWidth || frameHeight != video.DisplayHeight)
        {
            first.Add($"crop={frameWidth}:{frameHeight}:0:0");
        }

        if (first.Count > 0)
        {
            chains.Add($"{current}{string.Join(',', first)}[base]");
            current = "[base]";
        }

        for (var i = 0; i < stills.Count; i++)
        {
            var still = stills[i];
            var layer = still.Layer;
            var prepare = new List<string> { "format=rgba" };
            var (width, height) = (still.Width, still.Height);
            if (!still.Drawn)
            {
                var part = still.Part ?? VisibleArea.Whole(still.Width, still.Height);
                if (!part.IsWhole(still.Width, still.Height))
                {
                    prepare.Add($"crop={part.Width}:{part.Height}:{part.X}:{part.Y}");
                }

                (width, height) = LayerGeometry.Scaled(layer, frameWidth, frameHeight, part.Width, part.Height);
                if (width != part.Width || height != part.Height)
                {
                    prepare.Add($"scale={width}:{height}:flags=bicubic");
                }

                if (layer.Rotation % 360 != 0)
                {
                    var radians = layer.Rotation * Math.PI / 180;
                    prepare.Add($"rotate={N(radians)}:ow='rotw({N(radians)})':oh='roth({N(radians)})':c=none");
                    (width, height) = LayerGeometry.Rotated(width, height, layer.Rotation);
                }
            }

            var instances = LayerTiming.Instances(layer, seconds);
            var labels = instances.Select((_, k) => $"[l{i}_{k}]").ToList();
            var prepared = string.Join(',', prepare);
            var opacity = still.Drawn ? 1 : layer.Opacity;
            chains.Add(instances.Count == 1
                ? $"[{i + 1}:v]{(Alpha(opacity * instances[0].Alpha) is { } alpha ? $"{prepared},{alpha}" : prepared)}{labels[0]}"
                : $"[{i + 1}:v]{prepared},split={instances.Count}{string.Concat(labels.Select((l, k) => $"[s{i}_{k}]"))};"
                  + string.Join(';', labels.Select((l, k) => $"[s{i}_{k}]{Alpha(opacity * instances[k].Alpha) ?? "null"}{l}")));

            var (x, y) = LayerMotionExpressions.For(layer, frameWidth, frameHeight, width, height);
            for (var k = 0; k < instances.Count; k++)
            {
                var last = i == stills.Count - 1 && k == instances.Count - 1;
                var next = last ? "[marked]" : $"[v{i}_{k}]";
                var enable = instances[k].Enable.Length == 0 ? "" : $":enable='{instances[k].Enable}'";
                chains.Add($"{current}{labels[k]}overlay=x='{x}':y='{y}':eof_action=repeat{enable}{next}");
                current = next;
            }
        }

        chains.Add($"{current}{(cut is null ? "" : VideoCut.Restart + ",")}format=yuv420p[out]");
        return (string.Join(';', chains), frameWidth, frameHeight);
    }

    private static string? Alpha(double alpha) => alpha >= 1 ? null : $"colorchannelmixer=aa={N(Math.Max(0, alpha))}";
}
