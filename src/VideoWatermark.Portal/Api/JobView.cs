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

    public static JobView From(Job job, string? downloadUrl = null, string? logUrl = null) => new(
        job.Id, job.State, job.FileName, job.Progress, job.Error, job.InputKey, job.OutputKey, job.InputSize, job.OutputSize,
        job.Watermark, job.Attempts, job.CreatedAt, job.UpdatedAt, job.StartedAt, job.FinishedAt, job.CancelRequested, downloadUrl, logUrl, job.Owner)
    {
        OutputSha256 = job.OutputSha256,
        Retryable = job.Retryable,
        Template = job.Template,
    };
}
