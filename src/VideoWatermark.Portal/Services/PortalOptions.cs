using System.ComponentModel.DataAnnotations;

namespace VideoWatermark.Portal.Services;

/// <summary>The portal's own settings, bound from <c>VideoWatermark:Portal</c>.</summary>
public sealed class PortalOptions
{
    public const string Section = "VideoWatermark:Portal";

    /// <summary>Files above this go up as multipart uploads with parallel, individually signed parts.</summary>
    [Range(1, long.MaxValue)]
    public long MultipartThresholdBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Part size for multipart uploads; raised when a file would need more than 10,000 parts.</summary>
    [Range(1, long.MaxValue)]
    public long PartSizeBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// How long a signed upload or part URL stays valid. Each URL is used the moment it is signed (parts are signed
    /// one by one just before they are sent) and a transfer that started in time may finish later, so a leaked URL
    /// is worth little after a quarter of an hour.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int UploadUrlMinutes { get; set; } = 15;

    /// <summary>
    /// How long a signed download or playback URL stays valid: long enough to watch and seek through a result the
    /// page opened (the player keeps requesting ranges of the same URL); a reload or a new click signs a fresh one.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int DownloadUrlMinutes { get; set; } = 30;

    /// <summary>
    /// How long the download links in a batch's manifest stay valid: the manifest is read and passed on later than a
    /// page's link is clicked. At most a week, the longest an S3 presigned URL lives.
    /// </summary>
    [Range(1, 168)]
    public int ManifestUrlHours { get; set; } = 24;

    /// <summary>
    /// How long an announced upload may take before its job counts as abandoned: long enough for a multi-gigabyte
    /// file on a slow link, whose parts are signed one by one.
    /// </summary>
    [Range(double.Epsilon, double.MaxValue)]
    public double AbandonedUploadHours { get; set; } = 24;

    /// <summary>The largest watermark image accepted.</summary>
    [Range(1, long.MaxValue)]
    public long MaxWatermarkBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>
    /// How often the job index re-reads <c>jobs/</c> when other processes (the Lambda, Fargate workers) write them;
    /// 0 turns it off. Defaults to 5 seconds in Aws mode and off in Local mode, where every change is seen in-process.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int? RefreshSeconds { get; set; }
}
