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

    /// <summary>Said before upload when the browser could not decode the file for the preview.</summary>
    public string? Warning { get; set; }

    public double Percent => Size <= 0 ? 0 : Math.Clamp(100.0 * Sent / Size, 0, 100);

    public bool CanStart => Status is UploadStatus.Ready or UploadStatus.Failed or UploadStatus.Cancelled;
}

/// <summary>
/// A file the browser module saw, with its own check's verdict; <paramref name="Duplicate"/> when the same file (name,
/// size and modification time) is already listed.
/// </summary>
public sealed record FileAdded(string Id, string Name, long Size, string? ContentType, string? Error, bool Duplicate = false);
