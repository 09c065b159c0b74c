namespace VideoWatermark.Portal.Services;

/// <summary>
/// One announced upload as the part signing, resuming, completing and cancelling calls see it: a single job's, or a
/// batch's one video for all its copies.
/// </summary>
/// <param name="InputKey">Where the video goes.</param>
/// <param name="FileName">The video's name, as refusals name it.</param>
/// <param name="JobIds">The jobs that wait for it: the job alone, or every copy of the batch.</param>
/// <param name="Owner">Who announced it: only they (or an admin) may send it, resume it or give it up.</param>
/// <param name="Over">Why the upload can no longer be sent to (no job waits for it any more); null while one does.</param>
public sealed record PendingUpload(string InputKey, string FileName, IReadOnlyList<string> JobIds, string? Owner, string? Over);
