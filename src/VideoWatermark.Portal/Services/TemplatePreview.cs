using System.Collections.Concurrent;
using System.Security.Claims;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Storage.Disk;

namespace VideoWatermark.Portal.Services;

/// <summary>A video of the user's the editor can preview on: a job's original upload.</summary>
public sealed record PreviewVideo(string JobId, string FileName, DateTimeOffset CreatedAt);

/// <summary>
/// The template editor's preview: one moment of a template over the sample frame or over the frame of one of the
/// user's own videos at that moment, drawn by the engine's own template path (<see cref="ITemplateFrameRenderer"/>:
/// the worker's layer stills, filter graph and pixel format), so what the editor shows is what an output of that size
/// shows at that moment.
/// </summary>
public sealed class TemplatePreview(
    TemplateLibrary library,
    IObjectStore store,
    JobIndex index,
    ITemplateFrameRenderer renderer,
    IVideoFrameExtractor frames,
    TimeProvider time,
    DiskObjectStore? disk = null)
{
    /// <summary>The sample frame's raster (the upload page's <c>sample-frame.svg</c>, drawn at its own size).</summary>
    public const string FrameResource = "sample-frame.png";

    /// <summary>The length of the video a preview stands for when none is given: where a layer without an end stops.</summary>
    public const double DefaultVideoSeconds = 60;

    /// <summary>How many of the user's videos the editor offers, newest first.</summary>
    public const int OfferedVideos = 6;

    /// <summary>A name for a template not named yet: a preview needs none, but the format does.</summary>
    private const string UnnamedTemplate = "preview";

    /// <summary>How long ffmpeg may read a video through its presigned URL: one preview's reads.</summary>
    private static readonly TimeSpan ReadUrlLifetime = TimeSpan.FromMinutes(5);

    // Each preview is one short ffmpeg run; a few at once is plenty for the editors of one portal.
    private readonly SemaphoreSlim gate = new(2, 2);

    // A video's length is read once; a job's original never changes.
    private readonly ConcurrentDictionary<string, double> durations = new(StringComparer.Ordinal);

    /// <summary>
    /// The user's videos a preview may be drawn on, newest first: the originals of their jobs (every job for an admin)
    /// whose upload arrived and was not found broken.
    /// </summary>
    public IReadOnlyList<PreviewVideo> VideosFor(ClaimsPrincipal user) =>
        [.. index.All()
            .Where(j => j.VideoArrived && !j.PermanentFailure && PortalUser.MayChange(user, j))
            .Take(OfferedVideos)
            .Select(j => new PreviewVideo(j.Id, j.FileName, j.CreatedAt))];

    /// <summary>The length of the video of job <paramref name="jobId"/>, which the user may preview on.</summary>
    public async Task<double> VideoSecondsAsync(string jobId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var job = Offered(jobId, user);
        if (durations.TryGetValue(job.Id, out var known))
        {
            return known;
        }

        try
        {
            var seconds = await frames.DurationAsync(await LocateAsync(job, cancellationToken), cancellationToken);
            durations[job.Id] = seconds;
            return seconds;
        }
        catch (VideoRejectedException e)
        {
            throw new InvalidInputException($"'{job.FileName}': {e.Message}");
        }
    }

    /// <summary>
    /// The template at <paramref name="seconds"/> of a video <paramref name="videoSeconds"/> long, as a PNG with each
    /// layer's box.
    /// </summary>
    /// <remarks>
    /// Tokens the worker fills show today's date, <c>clip</c> and <c>preview</c>; every variable shows its own name,
    /// since the editor knows no recipient yet.
    /// </remarks>
    public Task<TemplateFrame> RenderAsync(WatermarkTemplate template, double seconds, double videoSeconds, CancellationToken cancellationToken = default) =>
        RenderAsync(template, seconds, videoSeconds, null, cancellationToken);

    /// <summary>
    /// The same over the frame at <paramref name="seconds"/> of the original of job <paramref name="video"/>'s
    /// <see cref="PreviewVideo.JobId"/> (the user's own, see <see cref="VideosFor"/>), at that video's own size; the
    /// sample frame when null.
    /// </summary>
    public Task<TemplateFrame> RenderAsync(WatermarkTemplate template, double seconds, double videoSeconds, (string JobId, ClaimsPrincipal User)? video, CancellationToken cancellationToken = default) =>
        RenderAsync(template, seconds, videoSeconds, video, null, cancellationToken);

    /// <summary>
    /// The same with <paramref name="values"/> for the variables (one recipient's copy); a variable without a value
    /// shows its name.
    /// </summary>
    public async Task<TemplateFrame> RenderAsync(
        WatermarkTemplate template,
        double seconds,
        double videoSeconds,
        (string JobId, ClaimsPrincipal User)? video,
        IReadOnlyDictionary<string, string>? values,
        CancellationToken cancellationToken = default)
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
            if (video is { } chosen)
            {
                var job = Offered(chosen.JobId, chosen.User);
                try
                {
                    await frames.ExtractFrameAsync(await LocateAsync(job, cancellationToken), seconds, frame, cancellationToken);
                }
                catch (VideoRejectedException e)
                {
                    throw new InvalidInputException($"'{job.FileName}': {e.Message}");
                }
            }
            else
            {
                await using var source = typeof(TemplatePreview).Assembly.GetManifestResourceStream(FrameResource)
                    ?? throw new InvalidOperationException($"The portal was built without its {FrameResource}.");
                await using var target = File.Create(frame);
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

            var variables = named.Variables().ToDictionary(v => v, v => values?.GetValueOrDefault(v) is { Length: > 0 } value ? value : v, StringComparer.Ordinal);
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

    /// <summary>The job, when it is one of the videos offered to <paramref name="user"/>; a job id is all a caller gives.</summary>
    private Job Offered(string jobId, ClaimsPrincipal user) =>
        index.Find(jobId) is { VideoArrived: true, PermanentFailure: false } job && PortalUser.MayChange(user, job)
            ? job
            : throw new NotFoundException($"There is no video '{jobId}' of yours to preview on.");

    /// <summary>
    /// Where ffmpeg reads the job's original: the embedded store's own file, or a short-lived presigned URL, from which
    /// ffmpeg reads only the ranges it needs. Built from the stored key, never from anything the user typed.
    /// </summary>
    private async Task<VideoLocation> LocateAsync(Job job, CancellationToken cancellationToken)
    {
        if (disk is not null)
        {
            return disk.Locate(job.InputKey) is { } found
                ? VideoLocation.File(found.Path)
                : throw new NotFoundException($"The original of '{job.FileName}' is no longer stored.");
        }

        if (await store.HeadAsync(job.InputKey, cancellationToken) is null)
        {
            throw new NotFoundException($"The original of '{job.FileName}' is no longer stored.");
        }

        return VideoLocation.Url(await store.PresignDownloadAsync(job.InputKey, "video" + Path.GetExtension(job.InputKey), ReadUrlLifetime, cancellationToken: cancellationToken));
    }
}
