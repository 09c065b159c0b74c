using VideoWatermark.Core.Errors;
using VideoWatermark.Portal.Services.Batches;

namespace VideoWatermark.Portal.Components.Uploads;

public enum UploadStatus
{
    /// <summary>Chosen, checked in the browser, waiting for the user to start.</summary>
    Ready,
    Uploading,
    Uploaded,
    Failed,
    Cancelled,

    /// <summary>Refused before upload (wrong type, empty, too large); it never leaves the browser.</summary>
    Refused,
}

/// <summary>One file on the upload page, as the browser module reports it.</summary>
public sealed class UploadItem
{
    public required string ClientId { get; init; }

    public required string Name { get; init; }

    public long Size { get; init; }

    public UploadStatus Status { get; set; }

    public long Sent { get; set; }

    public double BytesPerSecond { get; set; }

    public string? Error { get; set; }

    public string? JobId { get; set; }

    /// <summary>The batch of copies this upload makes, one per recipient; null for a single job.</summary>
    public string? BatchId { get; set; }

    /// <summary>The batch's jobs in recipient order (<see cref="JobId"/> is the first).</summary>
    public IReadOnlyList<string> BatchJobIds { get; set; } = [];

    /// <summary>
    /// The CSV line of each recipient this file was sent with, in their order (a batch from the recipients' CSV); empty
    /// otherwise. Kept from the start, so a CSV edited meanwhile does not shift them.
    /// </summary>
    public IReadOnlyList<int> RecipientLines { get; set; } = [];

    /// <summary>How an interrupted upload of this file went on ("Resuming: 7 of 12 parts already uploaded"), or why it could not.</summary>
    public string? ResumeNote { get; set; }

    /// <summary>Said before upload when the browser could not decode the file for the preview.</summary>
    public string? Warning { get; set; }

    /// <summary>What the browser read of the file before upload; null until then, and for a file it cannot decode.</summary>
    public LocalVideoFacts? Facts { get; set; }

    public double Percent => Size <= 0 ? 0 : Math.Clamp(100.0 * Sent / Size, 0, 100);

    /// <summary>
    /// The refusal as the user reads it: a batch refused for its <paramref name="recipient"/>-th row ("Recipient 3: …")
    /// names the line of the CSV that row came from ("Line 5: …"), as the CSV's own problems do.
    /// </summary>
    public string Explain(string message, int? recipient)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (recipient is not { } row || row < 1 || row > RecipientLines.Count)
        {
            return message;
        }

        var subject = InvalidRecipientException.Subject(row);
        return message.StartsWith(subject, StringComparison.Ordinal)
            ? RecipientCsvProblem.Subject(RecipientLines[row - 1]) + message[subject.Length..]
            : message;
    }

    public bool CanStart => Status is UploadStatus.Ready or UploadStatus.Failed or UploadStatus.Cancelled;
}

/// <summary>
/// A small frame of the video (a JPEG data URL), its length and its picture size, as the browser decoded them.
/// </summary>
public sealed record LocalVideoFacts(string Thumbnail, double Seconds, int Width, int Height)
{
    /// <summary>Plenty for a 96-pixel-wide JPEG; anything longer did not come from the module.</summary>
    public const int MaxThumbnailChars = 64 * 1024;

    private const string ThumbnailPrefix = "data:image/jpeg;base64,";

    /// <summary>The facts, or null when they are not what the module sends (a thumbnail must be a JPEG data URL).</summary>
    public static LocalVideoFacts? Checked(string? thumbnail, double seconds, int width, int height) =>
        thumbnail is { Length: <= MaxThumbnailChars } && thumbnail.StartsWith(ThumbnailPrefix, StringComparison.Ordinal)
            && double.IsFinite(seconds) && seconds >= 0 && width > 0 && height > 0
            ? new LocalVideoFacts(thumbnail, seconds, width, height)
            : null;

    /// <summary>"0:42 · 1280×720", "1:02:03 · 3840×2160".</summary>
    public string Summary
    {
        get
        {
            var length = TimeSpan.FromSeconds(Math.Round(Seconds));
            var text = length.TotalHours >= 1 ? $"{(int)length.TotalHours}:{length:mm\\:ss}" : $"{(int)length.TotalMinutes}:{length:ss}";
            return $"{text} · {Width}×{Height}";
        }
    }
}

/// <summary>
/// A file the browser module saw, with its own check's verdict; <paramref name="Duplicate"/> when the same file (name,
/// size and modification time) is already listed.
/// </summary>
public sealed record FileAdded(string Id, string Name, long Size, string? ContentType, string? Error, bool Duplicate = false);
