using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Portal.Api;

/// <summary>A job as the API shows it.</summary>
public sealed record JobView(
    string Id,
    JobState State,
    string FileName,
    double Progress,
    string? Error,
    string InputKey,
    string OutputKey,
    long? InputSize,
    long? OutputSize,
    WatermarkSpec Watermark,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    bool CancelRequested,
    string? DownloadUrl = null,
    string? LogUrl = null,
    string? Owner = null)
{
    /// <summary>Lower-case hex SHA-256 of the output, checked against the stored object before the job succeeded.</summary>
    public string? OutputSha256 { get; init; }

    /// <summary>The template version and variables the job renders with; null for a single watermark.</summary>
    public JobTemplate? Template { get; init; }

    /// <summary>Whether <c>POST /api/jobs/{id}/retry</c> can help; false for a failure of the input itself.</summary>
    public bool Retryable { get; init; }

    /// <summary>Seconds of video the job watermarked, recorded when it succeeded; null for older records.</summary>
    public double? VideoSeconds { get; init; }

    /// <summary>How long each phase took (waiting, downloading, encoding, joining for a split job, uploading), as far as the record knows.</summary>
    public IReadOnlyList<PhaseView> Phases { get; init; } = [];

    /// <summary>What the output is (codecs, picture, length, bit rate), probed by the worker; null before it succeeds and for older records.</summary>
    public OutputFacts? Output { get; init; }

    /// <summary>The job's events and each delivery's attempts (only <c>GET /api/jobs/{id}</c> reads them).</summary>
    public IReadOnlyList<WebhookEventView>? Webhooks { get; init; }

    public static JobView From(Job job, string? downloadUrl = null, string? logUrl = null) => new(
        job.Id, job.State, job.FileName, job.Progress, job.Error, job.InputKey, job.OutputKey, job.InputSize, job.OutputSize,
        job.Watermark, job.Attempts, job.CreatedAt, job.UpdatedAt, job.StartedAt, job.FinishedAt, job.CancelRequested, downloadUrl, logUrl, job.Owner)
    {
        OutputSha256 = job.OutputSha256,
        Retryable = job.Retryable,
        Template = job.Template,
        VideoSeconds = job.VideoSeconds,
        Phases = [.. job.Phases().Select(p => new PhaseView(p.Phase, Math.Round(p.Duration.TotalSeconds, 3)))],
        Output = job.Output,
    };
}

/// <param name="Seconds">How long it took, to the millisecond.</param>
public sealed record PhaseView(JobPhase Phase, double Seconds);
