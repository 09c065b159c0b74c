using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// The template editor's preview: one moment of a template over the sample frame, drawn by the engine's own template
/// path (<see cref="ITemplateFrameRenderer"/>: the worker's layer stills, filter graph and pixel format), so what the
/// editor shows is what an output of that size shows at that moment.
/// </summary>
public sealed class TemplatePreview(TemplateLibrary library, IObjectStore store, ITemplateFrameRenderer renderer, TimeProvider time)
{
    /// <summary>The sample frame's raster (the upload page's <c>sample-frame.svg</c>, drawn at its own size).</summary>
    public const string FrameResource = "sample-frame.png";

    /// <summary>The length of the video a preview stands for when none is given: where a layer without an end stops.</summary>
    public const double DefaultVideoSeconds = 60;

    /// <summary>A name for a template not named yet: a preview needs none, but the format does.</summary>
    private const string UnnamedTemplate = "preview";

    // Each preview is one short ffmpeg run; a few at once is plenty for the editors of one portal.
    private readonly SemaphoreSlim gate = new(2, 2);

    /// <summary>The template at <paramref name="seconds"/> of a video <paramref name="videoSeconds"/> long, as a PNG.</summary>
    /// <remarks>
    /// Tokens the worker fills show today's date, <c>clip</c> and <c>preview</c>; every variable shows its own name,
    /// since the editor knows no recipient yet.
    /// </remarks>
    public async Task<byte[]> RenderAsync(WatermarkTemplate template, double seconds, double videoSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        var named = string.IsNullOrWhiteSpace(template.Name) ? template with { Name = UnnamedTemplate } : template;
        await library.CheckAsync(named, cancellationToken);

        var folder = Path.Combine(Path.GetTempPath(), $"vw-preview-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var frame = Path.Combine(folder, FrameResource);
            await using (var source = typeof(TemplatePreview).Assembly.GetManifestResourceStream(FrameResource)
                ?? throw new InvalidOperationException($"The portal was built without its {FrameResource}."))
            await using (var target = File.Create(frame))
            {
                await source.CopyToAsync(target, cancellationToken);
            }

            // Image layers point at local copies under fixed names, as the worker's do; library names never become paths.
            var layers = new List<TemplateLayer>();
            for (var i = 0; i < named.Layers.Count; i++)
            {
                var layer = named.Layers[i];
                if (layer.Type == LayerType.Image)
                {
                    var local = $"layer{i}{Path.GetExtension(layer.Image)}";
                    await store.DownloadAsync(WatermarkLibrary.KeyFor(layer.Image!), Path.Combine(folder, local), cancellationToken);
                    layer = layer with { Image = local };
                }

                layers.Add(layer);
            }

            var variables = named.Variables().ToDictionary(v => v, v => v, StringComparer.Ordinal);
            var tokens = TokenValues.For(time.GetUtcNow(), "clip.mp4", UnnamedTemplate, variables);
            return await renderer.RenderFrameAsync(new TemplateFrameRequest(frame, named with { Layers = layers }, tokens, folder, seconds, videoSeconds), cancellationToken);
        }
        finally
        {
            gate.Release();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
