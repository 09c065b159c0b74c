using VideoWatermark.Core;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Engine;
using VideoWatermark.Storage.Disk;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// The job page player's poster: one frame of a succeeded job's output, drawn by the engine's frame extractor on the
/// first request and kept in the store beside the job's record (<see cref="ObjectKeys.PosterKey"/>), so every later
/// visit, on any portal task, reads a stored image. Only the output is read: the original is never touched, and a job
/// nobody opens costs nothing.
/// </summary>
public sealed class JobPosters(IObjectStore store, IVideoFrameExtractor frames, ILogger<JobPosters> logger, DiskObjectStore? disk = null)
{
    public const string ContentType = "image/png";

    /// <summary>How far in the frame is taken: past a fade from black, yet inside the shortest clip.</summary>
    private const double PosterSeconds = 1;

    /// <summary>How long ffmpeg may read the output through its presigned URL: one frame's reads.</summary>
    private static readonly TimeSpan ReadUrlLifetime = TimeSpan.FromMinutes(5);

    // Each first request is one short ffmpeg run; a few at once is plenty.
    private readonly SemaphoreSlim gate = new(2, 2);

    /// <summary>The poster of <paramref name="job"/>, made now if it was not yet.</summary>
    public async Task<Stream> OpenAsync(Job job, CancellationToken cancellationToken = default)
    {
        if (job.State != JobState.Succeeded)
        {
            throw new ConflictException($"Job {job.Id} is {JobStates.Name(job.State)}; only a finished output has a poster.");
        }

        var key = ObjectKeys.PosterKey(job.Id);
        try
        {
            return await store.OpenReadAsync(key, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
        }

        var file = Path.Combine(Path.GetTempPath(), $"vw-poster-{Guid.NewGuid():N}.png");
        await gate.WaitAsync(cancellationToken);
        try
        {
            var length = job.Output?.DurationSeconds ?? job.VideoSeconds ?? PosterSeconds * 2;
            await frames.ExtractFrameAsync(await LocateAsync(job, cancellationToken), Math.Min(PosterSeconds, length / 3), file, cancellationToken);
            await store.UploadAsync(key, file, ContentType, cancellationToken);
            logger.LogInformation("Job {JobId}: made the player's poster", job.Id);
        }
        catch (VideoRejectedException e)
        {
            File.Delete(file);
            throw new NotFoundException($"The output of job {job.Id} has no frame to show: {e.Message}");
        }
        catch
        {
            File.Delete(file);
            throw;
        }
        finally
        {
            gate.Release();
        }

        // The file served is the one just stored; it goes when the response is done with it.
        return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
    }

    /// <summary>The embedded store's own file, or a short-lived presigned URL ffmpeg reads only the ranges it needs from.</summary>
    private async Task<VideoLocation> LocateAsync(Job job, CancellationToken cancellationToken)
    {
        if (disk is not null)
        {
            return disk.Locate(job.OutputKey) is { } found
                ? VideoLocation.File(found.Path)
                : throw new NotFoundException($"The output of job {job.Id} is no longer stored.");
        }

        if (await store.HeadAsync(job.OutputKey, cancellationToken) is null)
        {
            throw new NotFoundException($"The output of job {job.Id} is no longer stored.");
        }

        return VideoLocation.Url(await store.PresignDownloadAsync(job.OutputKey, "video.mp4", ReadUrlLifetime, cancellationToken: cancellationToken));
    }
}
