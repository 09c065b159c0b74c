using System.IO.Compression;
using System.IO.Pipelines;
using VideoWatermark.Core;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// Several jobs' results as one ZIP, written to the response while each output is read from the store: nothing is
/// held in memory or on disk but a copy buffer. Entries are stored, not deflated: H.264 does not compress further.
/// </summary>
public sealed class JobArchive(JobStore jobs, IObjectStore store)
{
    /// <summary>The most jobs one archive takes: a selection from one screenful of filters, not the whole store.</summary>
    public const int MaxJobs = 500;

    /// <summary>
    /// The jobs behind <paramref name="ids"/>, each once and in the order given, all checked before a byte is sent:
    /// an unknown id or a job with no result refuses the whole archive with its name.
    /// </summary>
    public async Task<IReadOnlyList<Job>> ChooseAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            throw new InvalidInputException("Choose at least one job to download.");
        }

        if (ids.Count > MaxJobs)
        {
            throw new InvalidInputException($"One ZIP takes at most {MaxJobs} jobs; {ids.Count} were chosen.");
        }

        var chosen = new List<Job>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var job = await jobs.GetAsync(id, cancellationToken) ?? throw new NotFoundException($"No job {id}.");
            if (job.State != JobState.Succeeded)
            {
                throw new ConflictException($"{job.FileName} is {JobActions.Describe(job.State)}; it has no result to download.");
            }

            chosen.Add(job);
        }

        return chosen;
    }

    /// <summary>Writes the ZIP of <paramref name="chosen"/>'s outputs, named as a single download names them.</summary>
    /// <remarks>
    /// ZipArchive still writes some of its headers synchronously, which a response body refuses. So it writes into a
    /// pipe on a pool thread, and the pipe drains into <paramref name="target"/> asynchronously; the pipe's pause
    /// threshold is all that waits in memory when the client reads slowly.
    /// </remarks>
    public async Task WriteAsync(IReadOnlyList<Job> chosen, Stream target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(target);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        var writing = Task.Run(
            async () =>
            {
                try
                {
                    await WriteZipAsync(chosen, pipe.Writer.AsStream(leaveOpen: true), cancellationToken);
                    await pipe.Writer.CompleteAsync();
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e);
                    throw;
                }
            },
            cancellationToken);
        try
        {
            await pipe.Reader.CopyToAsync(target, cancellationToken);
            await pipe.Reader.CompleteAsync();
        }
        catch (Exception e)
        {
            // The client went away: the writer stops at its next write instead of waiting on a full pipe.
            await pipe.Reader.CompleteAsync(e);
            await Task.WhenAny(writing);
            throw;
        }

        await writing;
    }

    private async Task WriteZipAsync(IReadOnlyList<Job> chosen, Stream target, CancellationToken cancellationToken)
    {
        await using var zip = await ZipArchive.CreateAsync(target, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var job in chosen)
        {
            var entry = zip.CreateEntry(UniqueName(ObjectKeys.FileName(job.OutputKey), names), CompressionLevel.NoCompression);
            entry.LastWriteTime = job.FinishedAt ?? job.UpdatedAt;
            await using var source = await store.OpenReadAsync(job.OutputKey, cancellationToken);
            await using var written = await entry.OpenAsync(cancellationToken);
            await source.CopyToAsync(written, cancellationToken);
        }
    }

    /// <summary>Two uploads of one name make two entries: the second becomes <c>name (2).mp4</c>.</summary>
    private static string UniqueName(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = $"{Path.GetFileNameWithoutExtension(name)} ({n}){Path.GetExtension(name)}";
        }

        return candidate;
    }
}
