using System.Globalization;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Probing;

namespace VideoWatermark.Engine.Commands;

/// <summary>The ffmpeg arguments for one watermark run, and where the watermark lands.</summary>
/// <param name="Part">The part of the image drawn at <paramref name="Geometry"/>: its visible part, or all of it.</param>
internal sealed record OverlayCommand(IReadOnlyList<string> Arguments, OverlayGeometry Geometry, VisibleArea Part, int FrameWidth, int FrameHeight, string AudioSummary);

/// <summary>
/// Builds the one ffmpeg command of a run: the original design's overlay, with <see cref="Placement.Place"/>'s
/// numbers (so the portal's preview matches; the image cropped to its visible part unless it is drawn whole), encoded as web-ready MP4 (H.264 yuv420p, even size, faststart), audio
/// copied, every frame kept.
/// </summary>
internal static class OverlayCommandBuilder
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static OverlayCommand Build(
        string inputPath,
        VideoFacts video,
        string watermarkPath,
        ImageFacts image,
        WatermarkSpec spec,
        EngineOptions options,
        string outputPath,
        VideoCut? cut = null)
    {
        // H.264 4:2:0 needs even sizes; an odd row or column is cropped off (at the right/bottom) before placing,
        // so the watermark's placement is computed on the frame the viewer will get.
        var frameWidth = video.DisplayWidth & ~1;
        var frameHeight = video.DisplayHeight & ~1;
        var (geometry, part) = Placement.Place(frameWidth, frameHeight, image.Width, image.Height, image.Visible, spec);

        var main = new List<string>();
        if (cut is not null)
        {
            main.Add(cut.Trim());
        }

        if (frameWidth != video.DisplayWidth || frameHeight != video.DisplayHeight)
        {
            main.Add($"crop={frameWidth}:{frameHeight}:0:0");
        }

        // The crop is on RGBA (no chroma subsampling), so odd offsets stay exact; only our own numbers reach the graph.
        var mark = new List<string> { "format=rgba" };
        if (!part.IsWhole(image.Width, image.Height))
        {
            mark.Add($"crop={part.Width}:{part.Height}:{part.X}:{part.Y}");
        }

        if (geometry.Width != part.Width || geometry.Height != part.Height)
        {
            mark.Add($"scale={geometry.Width}:{geometry.Height}:flags=bicubic");
        }

        if (spec.Opacity < 1)
        {
            mark.Add($"colorchannelmixer=aa={spec.Opacity.ToString("0.####", Inv)}");
        }

        // ffmpeg has already turned rotated (phone) frames upright when [0:v] reaches the graph, and drops the display
        // matrix from the output, so the watermark is drawn upright in what the viewer sees.
        var graph = string.Join(';',
            main.Count > 0 ? $"[0:{video.StreamIndex}]{string.Join(',', main)}[main]" : null,
            $"[1:v]{string.Join(',', mark)}[mark]",
            $"{(main.Count > 0 ? "[main]" : $"[0:{video.StreamIndex}]")}[mark]overlay=x={geometry.X}:y={geometry.Y}:eof_action=repeat,{(cut is null ? "" : VideoCut.Restart + ",")}format=yuv420p[out]")
            .TrimStart(';');

        var args = new List<string>
        {
            "-hide_banner", "-nostdin", "-y",
            "-progress", "pipe:1", "-nostats",
        };
        args.AddRange(cut?.InputArguments() ?? []);
        args.AddRange(["-i", inputPath, "-i", watermarkPath]);
        args.AddRange(options.FilterThreadArguments());
        args.AddRange(["-filter_complex", graph, "-map", "[out]"]);

        // A segment is video only: the join copies the audio once, from the source.
        var audio = new List<string>();
        for (var n = 0; cut is null && n < video.Audio.Count; n++)
        {
            var track = video.Audio[n];
            args.AddRange(["-map", $"0:{track.StreamIndex}"]);
            if (AudioPlan.CanCopy(track.Codec))
            {
                args.AddRange([$"-c:a:{n}", "copy"]);
                audio.Add($"{track.Codec} copied");
            }
            else
            {
                args.AddRange([$"-c:a:{n}", AudioPlan.ReencodeCodec, $"-b:a:{n}", AudioPlan.ReencodeBitrate]);
                audio.Add($"{track.Codec} re-encoded to AAC (not playable inside MP4)");
            }
        }

        args.AddRange(
        [
            "-c:v", "libx264",
            "-preset", options.Preset,
        ]);
        if (options.EffectiveX264Params.Length > 0)
        {
            args.AddRange(["-x264-params", options.EffectiveX264Params]);
        }

        args.AddRange(
        [
            "-crf", options.Crf.ToString(Inv),
            "-pix_fmt", "yuv420p",
            // Keep every frame with its own timestamp: variable-frame-rate phone videos stay in sync, none dropped.
            "-fps_mode", "passthrough",
        ]);
        args.AddRange(cut is null ? ["-movflags", "+faststart"] : ["-an"]);
        args.AddRange(["-f", "mp4", outputPath]);

        return new OverlayCommand(args, geometry, part, frameWidth, frameHeight, cut is not null ? "none in a segment" : audio.Count == 0 ? "no audio" : string.Join(", ", audio));
    }
}
