using System.Text.Json.Serialization;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Portal.Services.Batches;

/// <summary>A batch as the batch page and <c>GET /api/batches/{id}</c> show it: one row per recipient, in request order.</summary>
public sealed record BatchView(string Id, string FileName, string TemplateName, int TemplateVersion, DateTimeOffset CreatedAt, IReadOnlyList<BatchRowView> Rows)
{
    /// <summary>Copies made.</summary>
    public int Done => Rows.Count(r => r.State == JobState.Succeeded);

    /// <summary>Copies whose job failed (a cancelled one is neither done nor failed).</summary>
    public int Failed => Rows.Count(r => r.State == JobState.Failed);

    /// <summary>Every job of the batch has ended, one way or another.</summary>
    public bool Finished => Rows.All(r => r.State.IsFinal());
}

/// <summary>One recipient's copy: who it is for and how its job is doing.</summary>
/// <param name="Row">The recipient's 1-based position in the request.</param>
/// <param name="OutputFileName">The copy's file name (<c>watermark-&lt;name&gt;-&lt;recipient&gt;.mp4</c>), as downloads name it.</param>
public sealed record BatchRowView(
    int Row,
    string Recipient,
    string? Email,
    string JobId,
    JobState State,
    double Progress,
    string? Error,
    string OutputFileName,
    string? OutputSha256,
    long? OutputSize)
{
    /// <summary>A fresh signed URL of the copy once it succeeded (the API fills it in; the page links the job's own download).</summary>
    [JsonPropertyOrder(1)]
    public string? DownloadUrl { get; init; }
}
