using System.Globalization;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine.Commands;
using VideoWatermark.Engine.Probing;
using VideoWatermark.Engine.Processes;

namespace VideoWatermark.Engine;

public sealed partial class FfmpegWatermarkEngine : ITemplateFrameRenderer
{
    /// <summary>ffmpeg's last lines are enough to say why a one-frame run failed.</summary>
    private const int KeptErrorLines = 5;

    public async Task<TemplateFrame> RenderFrameAsync(TemplateFrameRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!double.IsFinite(request.Seconds) || request.Seconds < 0 || !double.IsFinite(request.VideoSeconds) || request.VideoSeconds <= 0)
        {
            throw new InvalidInputException($"A preview needs a moment of 0 or more seconds inside a video of more than 0 seconds, not {request.Seconds.ToString(CultureInfo.InvariantCulture)} of {request.VideoSeconds.ToString(CultureInfo.InvariantCulture)}.");
        }

        var template = request.Template.Validated();
        var texts = template.Layers.Select(l => l.Type == LayerType.Text ? TemplateTokens.Expand(l.Text!, request.Tokens) : null).ToList();

        var framePath = Path.GetFullPath(request.FramePath);
        var work = Path.Combine(request.ImageFolder, $".frame-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var (frame, stills) = await StillsAsync(template, texts, request.ImageFolder, work, FrameFactsAsync(framePath, request, cancellationToken), cancellationToken);
            var output = Path.Combine(work, "frame.png");
            var command = TemplateCommandBuilder.BuildFrame(framePath, request.Seconds, frame, stills, output);
            var errors = new Queue<string>();
            var exit = await FfmpegProcess.RunAsync(options.FfmpegPath, command.Arguments, null, line =>
            {
                errors.Enqueue(line);
                if (errors.Count > KeptErrorLines)
                {
                    errors.Dequeue();
                }
            }, cancellationToken);
            if (exit != 0 || !File.Exists(output))
            {
                throw new EncodeFailedException($"ffmpeg could not draw the frame (exit code {exit}): {string.Join(" ", errors)}", null);
            }

            var boxes = stills.Select(s => s.Box(command.FrameWidth, command.FrameHeight)).ToList();
            return new TemplateFrame(await File.ReadAllBytesAsync(output, cancellationToken), command.FrameWidth, command.FrameHeight, boxes);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The frame still as the video it stands for: that size and length; its one frame is shown at the moment asked for.</summary>
    private async Task<VideoFacts> FrameFactsAsync(string framePath, TemplateFrameRequest request, CancellationToken cancellationToken)
    {
        var image = await imageProbe.ProbeAsync(framePath, Path.GetFileName(framePath), cancellationToken);
        return new VideoFacts("image2", 0, image.Codec, "rgb24", image.Width, image.Height, 0,
            TimeSpan.FromSeconds(Math.Max(request.VideoSeconds, request.Seconds)), []);
    }
}
