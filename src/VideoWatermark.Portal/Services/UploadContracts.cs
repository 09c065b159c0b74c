namespace VideoWatermark.Portal.Services;

/// <summary>What a client announces before it uploads a video (the body of <c>POST /api/videos</c>).</summary>
/// <remarks>
/// Either a <see cref="Watermark"/> with its <see cref="Placement"/>, or a saved <see cref="Template"/> (its latest
/// version unless <see cref="TemplateVersion"/> names one) with the <see cref="Variables"/> its text needs. With
/// <see cref="Recipients"/> (a template only) the upload is a batch: one job per recipient, each rendering the template
/// with that recipient's values (the keys are variable names), all reading the one uploaded video.
/// </remarks>
public sealed record VideoUploadRequest(
    string? FileName,
    string? ContentType,
    long Size,
    string? Watermark = null,
    PlacementRequest? Placement = null,
    string? Template = null,
    int? TemplateVersion = null,
    IReadOnlyDictionary<string, string>? Variables = null,
    IReadOnlyList<IReadOnlyDictionary<string, string>>? Recipients = null,
    string? CallbackUrl = null);

/// <summary>
/// Another watermark or template for a finished job's video (the body of <c>POST /api/jobs/{id}/rerun</c>): the same
/// fields as an upload's choice, read the same way.
/// </summary>
public sealed record RunAgainRequest(
    string? Watermark = null,
    PlacementRequest? Placement = null,
    string? Template = null,
    int? TemplateVersion = null,
    IReadOnlyDictionary<string, string>? Variables = null);

/// <summary>Where the watermark goes; omitted fields keep the original design's defaults (centered, own size, opaque).</summary>
public sealed record PlacementRequest(string? Position = null, double? Margin = null, double? Scale = null, double? Opacity = null);

/// <summary>
/// The answer: a job id, and either one signed PUT (<see cref="UploadUrl"/>) or a multipart upload whose parts the
/// client signs one by one through the API just before sending each, keyed by <see cref="JobId"/>. For a batch,
/// <see cref="BatchId"/> and the jobs in recipient order (<see cref="JobIds"/>); <see cref="JobId"/> is then the first
/// recipient's job, and the part signing, resuming, completing and cancelling calls take the batch's id (the first
/// job's is still taken, while that job exists).
/// </summary>
public sealed record UploadTicket(
    string JobId,
    string Key,
    string? UploadUrl,
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset? ExpiresAt,
    MultipartPlan? Multipart,
    string? BatchId = null,
    IReadOnlyList<string>? JobIds = null);

public sealed record MultipartPlan(string UploadId, long PartSize, int PartCount);

public sealed record PartTicket(int PartNumber, string Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

/// <summary>A part the store already holds for an interrupted upload (<c>GET /api/videos/{id}/parts</c>).</summary>
public sealed record UploadedPartView(int PartNumber, string ETag, long Size);

public sealed record CompleteUploadRequest(string? UploadId, IReadOnlyList<CompletedPart>? Parts);

public sealed record CompletedPart(int PartNumber, string? ETag);
