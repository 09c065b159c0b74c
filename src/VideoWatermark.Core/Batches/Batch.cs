using System.Text.Json.Serialization;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Core.Batches;

/// <summary>
/// One upload watermarked once per recipient: every recipient's job renders the same template version with that
/// recipient's values and reads the same uploaded original. Stored as JSON at <see cref="ObjectKeys.BatchKey"/>, written
/// once when the upload is announced and never changed; the jobs' own records say how each copy is doing.
/// </summary>
public sealed record Batch
{
    /// <summary>Made and checked like a job id (<see cref="Jobs.JobIds"/>).</summary>
    public required string Id { get; init; }

    /// <summary>Who announced the upload; the batch and its jobs are theirs (and an admin's).</summary>
    public required string Owner { get; init; }

    /// <summary>The name the user knows the video by.</summary>
    public required string FileName { get; init; }

    /// <summary>The one uploaded original every job of the batch reads; none of them deletes or replaces it.</summary>
    public required string InputKey { get; init; }

    public required string TemplateName { get; init; }

    public int TemplateVersion { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Where the batch's events go besides the configured webhooks; null for none.</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>In the request's order: <see cref="BatchRecipient.Row"/> 1, 2, ….</summary>
    public required IReadOnlyList<BatchRecipient> Recipients { get; init; }
}

/// <summary>One recipient of a <see cref="Batch"/> and the job that makes their copy.</summary>
/// <param name="Row">The recipient's 1-based position in the request's list (a CSV's data rows, header excluded).</param>
/// <param name="Values">The template variables for this copy, as given (the keys are variable names).</param>
/// <param name="JobId">The job that renders this copy.</param>
/// <param name="OutputKey">Where this copy goes, unique within the batch and claimed against every other output.</param>
public sealed record BatchRecipient(int Row, IReadOnlyDictionary<string, string> Values, string JobId, string OutputKey)
{
    /// <summary>Who the copy is for: the value of <c>recipient</c>, else of the first column.</summary>
    [JsonIgnore]
    public string Name => Values.TryGetValue(TemplateTokens.Recipient, out var name) ? name : Values.Values.FirstOrDefault() ?? "";

    /// <summary>The value of <c>email</c>, when given.</summary>
    [JsonIgnore]
    public string? Email => Values.TryGetValue(TemplateTokens.Email, out var email) ? email : null;
}
