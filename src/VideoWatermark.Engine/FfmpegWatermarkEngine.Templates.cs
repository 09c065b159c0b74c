using System.Diagnostics;
using SkiaSharp;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine.Commands;
using VideoWatermark.Engine.Logging;
using VideoWatermark.Engine.Probing;
using VideoWatermark.Engine.Processes;
using VideoWatermark.Engine.Text;

namespace VideoWatermark.Engine;

public sealed partial class FfmpegWatermarkEngine : ITemplateEngine
{
    public async Task<WatermarkResult> ApplyTemplateAsync(TemplateRequest request, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var template = request.Template.Validated();

        // Every token is filled before any work, so a missing one refuses the job at once, by name.
        var texts = template.Layers.Select(l => l.Type == LayerType.Text ? TemplateTokens.Expand(l.Text!, request.Tokens) : null).ToList();

        var input = Path.GetFullPath(request.InputPath);
        var output = Path.GetFullPath(request.OutputPath);
        var inputName = request.InputName ?? Path.GetFileName(input);
        var outputDir = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(outputDir);
        var work = Path.Combine(outputDir, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.layers");
        var partial = Path.Combine(outputDir, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(work);
        try
        {
            var times = new StillTimes();
            var (video, stills) = await StillsAsync(template, texts, request.ImageFolder, work, videoProbe.ProbeAsync(input, inputName, cancellationToken), cancellationToken, times);

            var command = TemplateCommandBuilder.Build(input, video, stills, options, partial);
            var commandLine = CommandLineText.Format(options.FfmpegPath, command.Arguments);
            using var log = RunLog.Create(request.LogPath ?? output + ".log");
            await encodeGate.WaitAsync(cancellationToken);
            var clock = Stopwatch.StartNew();
            try
            {
                log.Note($"input {inputName}: {video.FormatName}, {video.Codec} {video.PixelFormat} {video.Width}x{video.Height} rotation {video.Rotation}, {video.Duration.TotalSeconds:0.###} s");
                log.Note($"template '{template.Name}': {template.Layers.Count} layer(s), frame {command.FrameWidth}x{command.FrameHeight}; probed in {times.Probed.TotalMilliseconds:0} ms, layers drawn in {times.Drawn.TotalMilliseconds:0} ms more");
                log.Note($"command: {commandLine}");
                return await EncodeAsync(command.Arguments, video.Duration, inputName, partial, output, commandLine, log, clock, progress, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                log.Note($"cancelled after {clock.Elapsed.TotalSeconds:0.0} s; ffmpeg was stopped and no output was written");
                throw;
            }
            finally
            {
                encodeGate.Release();
            }
        }
        finally
        {
            TryDelete(partial);
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// The video's facts (from <paramref name="videoProbing"/>, under way) and every layer as a still image on disk, text
    /// drawn, tiles laid out, for a frame of that video's size. The image layers are probed beside the video, as the
    /// single watermark is: neither waits for the other. The text layers' fonts are loaded meanwhile (their size waits
    /// for the frame's), and the layers are drawn side by side.
    /// </summary>
    /// <param name="times">When set, receives how long the probes (and the font loading beside them) took, and the drawing after them.</param>
    private async Task<(VideoFacts Video, IReadOnlyList<LayerStill> Stills)> StillsAsync(WatermarkTemplate template, IReadOnlyList<string?> texts, string imageFolder, string work, Task<VideoFacts> videoProbing, CancellationToken cancellationToken, StillTimes? times = null)
    {
        var clock = Stopwatch.StartNew();
        var imageProbing = template.Layers
            .Select(l => l.Type == LayerType.Image ? images.GetOrProbeAsync(ImagePath(imageFolder, l), p => imageProbe.ProbeAsync(p, l.Image!, cancellationToken), cancellationToken) : null)
            .ToList();
        var fonts = Task.Run(
            () =>
            {
                for (var i = 0; i < template.Layers.Count; i++)
                {
                    if (texts[i] is { } text)
                    {
                        TextRenderer.Prepare(text, TextStyle.For(template.Layers[i], 0));
                    }
                }
            },
            cancellationToken);
        await Task.WhenAll(imageProbing.OfType<Task>().Prepend(videoProbing));
        var video = await videoProbing;
        await fonts;
        var probed = clock.Elapsed;

        var frameWidth = video.DisplayWidth & ~1;
        var frameHeight = video.DisplayHeight & ~1;
        var drawing = template.Layers
            .Select((layer, i) => Task.Run(() => StillAsync(layer, texts[i], imageProbing[i]?.Result, i, imageFolder, work, frameWidth, frameHeight, cancellationToken), cancellationToken))
            .ToList();
        var stills = await Task.WhenAll(drawing);
        if (times is not null)
        {
            (times.Probed, times.Drawn) = (probed, clock.Elapsed - probed);
        }

        return (video, stills);
    }

    /// <summary>Where the time before ffmpeg's start went, for the run log.</summary>
    private sealed class StillTimes
    {
        public TimeSpan Probed { get; set; }

        public TimeSpan Drawn { get; set; }
    }

    private static string ImagePath(string imageFolder, TemplateLayer layer) => Path.GetFullPath(Path.Combine(imageFolder, layer.Image!));

    /// <summary>
    /// One layer as a still: a text drawn, or an image tiled, at the layer's opacity; an image (<paramref name="facts"/>:
    /// its probe) as it is otherwise, its opacity left to ffmpeg with its crop, scale and rotation.
    /// </summary>
    private static async Task<LayerStill> StillAsync(TemplateLayer layer, string? text, ImageFacts? facts, int index, string imageFolder, string work, int frameWidth, int frameHeight, CancellationToken cancellationToken)
    {
        if (layer.Type == LayerType.Text)
        {
            using var drawn = TextRenderer.Render(text!, TextStyle.For(layer, frameHeight) with { Rotation = layer.Tile ? 0 : (float)layer.Rotation });
            using var final = layer.Tile ? TileRenderer.Tile(drawn, frameWidth, frameHeight, (float)layer.Rotation, layer.Opacity) : LayerPng.WithOpacity(drawn, layer.Opacity);
            var path = Path.Combine(work, $"layer{index}.png");
            await File.WriteAllBytesAsync(path, LayerPng.Encode(final), cancellationToken);
            return new LayerStill(path, final.Width, final.Height, layer, Drawn: true);
        }

        var image = ImagePath(imageFolder, layer);
        var part = LayerStill.PartOf(layer, facts!.Width, facts.Height, facts.Visible);
        if (!layer.Tile)
        {
            return new LayerStill(image, facts.Width, facts.Height, layer, Drawn: false, part);
        }

        // The probe above has accepted the file as an image; Skia decodes it once to lay out the grid of its visible part.
        using var whole = SKBitmap.Decode(image) ?? throw new VideoRejectedException($"The watermark '{layer.Image}' could not be decoded.");
        using var decoded = new SKBitmap();
        if (!whole.ExtractSubset(decoded, SKRectI.Create(part.X, part.Y, part.Width, part.Height)))
        {
            throw new VideoRejectedException($"The watermark '{layer.Image}' could not be decoded.");
        }

        var width = layer.Scale > 0 ? Math.Max(1, (int)Math.Round(layer.Scale * frameWidth)) : decoded.Width;
        using var scaled = decoded.Resize(new SKImageInfo(width, Math.Max(1, decoded.Height * width / decoded.Width), SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var tiled = TileRenderer.Tile(scaled, frameWidth, frameHeight, (float)layer.Rotation, layer.Opacity);
        var tilePath = Path.Combine(work, $"layer{index}.png");
        await File.WriteAllBytesAsync(tilePath, LayerPng.Encode(tiled), cancellationToken);
        return new LayerStill(tilePath, tiled.Width, tiled.Height, layer, Drawn: true);
    }
}
