using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Core;

/// <summary>
/// The bucket layout of the original design, defined once. The code, the tests and the CloudFormation notification
/// filter all take these names from here.
/// </summary>
public static class ObjectKeys
{
    /// <summary>A video landing under this prefix starts a job (the S3 ObjectCreated trigger).</summary>
    public const string UnprocessedPrefix = "unprocessed-videos/";

    public const string WatermarksPrefix = "watermarks/";

    /// <summary>Job records, one JSON object per job: the shared source of truth.</summary>
    public const string JobsPrefix = "jobs/";

    /// <summary>One ffmpeg log per run, next to nothing a trigger watches.</summary>
    public const string LogsPrefix = "logs/";

    /// <summary>Idempotency markers for delivered events (at-least-once delivery is normal on S3).</summary>
    public const string EventsPrefix = "jobs/events/";

    /// <summary>
    /// Saved templates: one immutable JSON file per version, <c>templates/&lt;name&gt;/v000001.json</c>, so a job
    /// that names a version renders the same whenever it runs.
    /// </summary>
    public const string TemplatesPrefix = "templates/";

    /// <summary>Batch records (one upload, a copy per recipient), one JSON object per batch, beside the job records.</summary>
    public const string BatchesPrefix = "batches/";

    /// <summary>
    /// The portal's own objects, never a job, a watermark or an output: nothing lists or serves them, and on AWS only
    /// the portal's role reads them.
    /// </summary>
    public const string PortalPrivatePrefix = ".portal/";

    /// <summary>The portal's data-protection key ring (what signs session cookies and antiforgery tokens).</summary>
    public const string PortalKeysPrefix = PortalPrivatePrefix + "keys/";

    /// <summary>Outputs are named as in the original: <c>watermark-&lt;original name&gt;</c>.</summary>
    public const string OutputNamePrefix = "watermark-";

    public const string DefaultWatermarkName = "watermark.png";

    public const string DefaultWatermarkKey = WatermarksPrefix + DefaultWatermarkName;

    /// <summary>The original's trigger suffix. Every entry of <see cref="VideoExtensions"/> triggers too.</summary>
    public const string TriggerSuffix = ".mp4";

    /// <summary>
    /// Input containers the engine accepts. S3 suffix filters are case-sensitive, so keys are written with these
    /// lower-case extensions and each one gets its own notification filter.
    /// </summary>
    public static IReadOnlyList<string> VideoExtensions { get; } = [".mp4", ".mov", ".m4v", ".mkv", ".webm"];

    /// <summary>True when an object at <paramref name="key"/> should start a job.</summary>
    public static bool IsTrigger(string key) =>
        key.StartsWith(UnprocessedPrefix, StringComparison.Ordinal)
        && key.Length > UnprocessedPrefix.Length
        && !key.EndsWith('/')
        && VideoExtensions.Any(ext => key.EndsWith(ext, StringComparison.Ordinal));

    /// <summary>
    /// Where the output of <paramref name="inputKey"/> goes: its path below the trigger prefix, with the file renamed
    /// <c>watermark-&lt;name&gt;</c>, under <paramref name="outputPrefix"/> (the bucket root by default, as in the
    /// original). <c>unprocessed-videos/clip.mp4</c> becomes <c>watermark-clip.mp4</c>;
    /// <c>unprocessed-videos/&lt;job&gt;/clip.mov</c> becomes <c>&lt;job&gt;/watermark-clip.mp4</c>. Outputs are always MP4.
    /// </summary>
    public static string OutputKey(string inputKey, string outputPrefix = "", string? uniqueSuffix = null)
    {
        if (!inputKey.StartsWith(UnprocessedPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{inputKey}' is not under {UnprocessedPrefix}.", nameof(inputKey));
        }

        var prefix = NormalizeOutputPrefix(outputPrefix);
        var relative = inputKey[UnprocessedPrefix.Length..];
        var slash = relative.LastIndexOf('/');

        // S3 takes any key, "../", empty segments and line breaks included; an output keeps only plain folder names
        // and printable characters, so it stays where the layout says and any store can hold it.
        var folders = slash < 0 ? [] : relative[..slash].Split('/').Select(WithoutControl).Where(s => s.Length > 0 && s != "." && s != "..");
        var folder = string.Concat(folders.Select(s => s + "/"));
        var suffix = string.IsNullOrEmpty(uniqueSuffix) ? "" : "-" + uniqueSuffix;
        var stem = Truncate(WithoutControl(Path.GetFileNameWithoutExtension(relative[(slash + 1)..])), MaxNameBytes - OutputNamePrefix.Length - suffix.Length - 4);
        return $"{prefix}{folder}{OutputNamePrefix}{stem}{suffix}.mp4";
    }

    /// <summary>
    /// The key a portal upload is written to, under the id of what waits for it: its job, or its batch for a batch's
    /// one video (so no copy's job, deleted before the upload lands, takes the batch with it). The id in the path keeps
    /// outputs from colliding.
    /// </summary>
    public static string PortalUploadKey(string id, string fileName) =>
        $"{UnprocessedPrefix}{id}/{SafeFileName(fileName)}";

    /// <summary>The id a portal upload carries in its key (its job's or its batch's), if it is one.</summary>
    public static string? UploadIdFromKey(string key)
    {
        if (!key.StartsWith(UnprocessedPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = key[UnprocessedPrefix.Length..].Split('/');
        return parts.Length == 2 && JobIds.IsValid(parts[0]) ? parts[0] : null;
    }

    /// <summary>
    /// The marker that reserves <paramref name="outputKey"/> for one job, so two jobs can never be given the same
    /// output, even while neither has written it yet.
    /// </summary>
    public static string OutputClaimKey(string outputKey) =>
        $"{JobsPrefix}outputs/{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(outputKey)))[..40]}";

    /// <summary>
    /// The events outbox: one record per event, under the UTC day it happened (so a delivery pass lists only the days
    /// still within the delivery window). Below <c>jobs/</c>, which every process that finishes jobs may write.
    /// </summary>
    public const string OutboxPrefix = JobsPrefix + "outbox/";

    public static string OutboxDay(DateTimeOffset day) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{OutboxPrefix}{day.UtcDateTime:yyyy-MM-dd}/");

    /// <summary>Event <paramref name="eventId"/>'s record; its id starts with its job's or batch's id.</summary>
    public static string OutboxKey(DateTimeOffset occurredAt, string eventId) => $"{OutboxDay(occurredAt)}{eventId}.json";

    /// <summary>
    /// The mark job <paramref name="jobId"/> of batch <paramref name="batchId"/> leaves when it ends, so the batch's end
    /// is found by one listing of these marks rather than by reading every job of the batch at every job's end.
    /// </summary>
    public static string BatchEndedKey(string batchId, string jobId) => $"{BatchEndedPrefix(batchId)}{JobIds.Require(jobId)}";

    public static string BatchEndedPrefix(string batchId) => $"{OutboxPrefix}batches/{JobIds.Require(batchId)}/";

    /// <summary>
    /// A recipient batch's encode-once work: its plan and its shared pieces (a claim record and a file each), below
    /// <c>jobs/</c>, which the workers may write, where no job listing reads. Temporary: removed when the batch's last
    /// job ends.
    /// </summary>
    public static string SharedWorkOf(string batchId) => $"{JobsPrefix}recipients/{JobIds.Require(batchId)}/";

    /// <summary>The batch's one plan of its copies, written by the first copy worker to get there.</summary>
    public static string RecipientPlanKey(string batchId) => $"{SharedWorkOf(batchId)}plan.json";

    /// <summary>Shared piece <paramref name="index"/>'s claim: who encodes it, and its SHA-256 once done.</summary>
    public static string SharedPieceKey(string batchId, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SharedWorkOf(batchId)}pieces/{index:D3}.json");

    /// <summary>
    /// Shared piece <paramref name="index"/>'s encoded file as its holder's attempt uploads it, which every copy joins by
    /// stream copy. Each holder has its own key, so a holder that was taken over and finishes late never overwrites the
    /// file its claim's new holder recorded.
    /// </summary>
    public static string SharedPieceFileKey(string batchId, int index, string holderJobId, int holderAttempt) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SharedWorkOf(batchId)}pieces/{index:D3}-{JobIds.Require(holderJobId)}-{holderAttempt}.mp4");

    public static string JobKey(string jobId) => $"{JobsPrefix}{JobIds.Require(jobId)}.json";

    /// <summary>A batch's record; batch ids are made and checked as job ids are.</summary>
    public static string BatchKey(string batchId) => $"{BatchesPrefix}{JobIds.Require(batchId)}.json";

    /// <summary>
    /// Everything a split job keeps besides its record: one record per segment and, until the join has read them, the
    /// encoded segments. Deleting the job removes the whole folder.
    /// </summary>
    public static string JobFolder(string jobId) => $"{JobsPrefix}{JobIds.Require(jobId)}/";

    /// <summary>A frame of a succeeded job's output the job page's player shows before it plays; removed with the job.</summary>
    public static string PosterKey(string jobId) => $"{JobFolder(jobId)}poster.png";

    public static string SegmentsOf(string jobId) => $"{JobFolder(jobId)}segments/";

    /// <summary>Segment <paramref name="index"/>'s record: its own object, so no two segment workers write the same one.</summary>
    public static string SegmentKey(string jobId, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SegmentsOf(jobId)}{index:D3}.json");

    /// <summary>Where segment <paramref name="index"/>'s encoded video waits for the join, which removes it.</summary>
    public static string SegmentFileKey(string jobId, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SegmentsOf(jobId)}{index:D3}.mp4");

    public static string SegmentLogKey(string jobId, int index, int attempt) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{LogsOf(jobId)}segment-{index:D3}-attempt-{attempt}.log");

    /// <summary>
    /// The mark a deleted job leaves: an event for its video delivered late finds it and starts nothing, where it would
    /// otherwise take the video for a new drop-in.
    /// </summary>
    public static string DeletedJobKey(string jobId) => $"{JobsPrefix}deleted/{JobIds.Require(jobId)}";

    /// <summary>Where every run's log of job <paramref name="jobId"/> lives.</summary>
    public static string LogsOf(string jobId) => $"{LogsPrefix}{JobIds.Require(jobId)}/";

    public static string LogKey(string jobId, int attempt) => $"{LogsOf(jobId)}attempt-{attempt}.log";

    /// <summary>Every version of the template <paramref name="name"/> (a name <c>WatermarkTemplate.NameProblem</c> accepts) lies below this.</summary>
    public static string TemplateFolder(string name) => $"{TemplatesPrefix}{name}/";

    public static string TemplateKey(string name, int version) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{TemplateFolder(name)}v{version:D6}.json");

    /// <summary>The version a key below <see cref="TemplateFolder"/> holds, or null for anything else.</summary>
    public static int? TemplateVersion(string key)
    {
        var file = FileName(key);
        return file.Length == 12 && file[0] == 'v' && file.EndsWith(".json", StringComparison.Ordinal)
            && int.TryParse(file.AsSpan(1, 6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : null;
    }

    public static string WatermarkKey(string name) => WatermarksPrefix + SafeFileName(name);

    /// <summary>
    /// Where the library keeps what it measured of the watermark at <paramref name="watermarkKey"/> (its visible
    /// area): beside it, in a folder no watermark's name can take (names never start with a dot) and the library's
    /// listing of <see cref="WatermarksPrefix"/> passes over.
    /// </summary>
    public static string WatermarkFactsKey(string watermarkKey) => $"{WatermarksPrefix}.facts/{FileName(watermarkKey)}.json";

    /// <summary>
    /// The output prefix as configured, checked: it ends with '/', or is empty for the bucket root, and is never inside
    /// the trigger prefix, so an output can never start another job.
    /// </summary>
    public static string NormalizeOutputPrefix(string? outputPrefix)
    {
        var prefix = (outputPrefix ?? "").Trim().TrimStart('/');
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }

        if (prefix.StartsWith(UnprocessedPrefix, StringComparison.Ordinal) || prefix.StartsWith(JobsPrefix, StringComparison.Ordinal)
            || prefix.StartsWith(WatermarksPrefix, StringComparison.Ordinal) || prefix.StartsWith(BatchesPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The output prefix '{outputPrefix}' must not be inside {UnprocessedPrefix}, {JobsPrefix}, {WatermarksPrefix} or {BatchesPrefix}.", nameof(outputPrefix));
        }

        return prefix;
    }

    /// <summary>
    /// A file name a user supplied, made safe to use as the last segment of a key: no folders, no control characters,
    /// a lower-case extension (S3 suffix filters are case-sensitive), at most 200 bytes (a file system takes 255 for one
    /// name, and the output's name is longer).
    /// </summary>
    public static string SafeFileName(string fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = WithoutControl(name).Trim().Trim('.');
        if (name.Length == 0)
        {
            name = "video";
        }

        var ext = Path.GetExtension(name);
        if (System.Text.Encoding.UTF8.GetByteCount(ext) > 16)
        {
            ext = "";
        }

        return Truncate(name[..^ext.Length], MaxNameBytes - 55 - ext.Length) + ext.ToLowerInvariant();
    }

    private static string WithoutControl(string text) => new([.. text.Where(c => !char.IsControl(c))]);

    /// <summary>The longest name one path segment may have on the file systems the embedded store runs on.</summary>
    private const int MaxNameBytes = 255;

    /// <summary>The longest start of <paramref name="text"/> that fits in <paramref name="maxBytes"/> UTF-8 bytes, whole characters only.</summary>
    private static string Truncate(string text, int maxBytes)
    {
        var bytes = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return text[..end];
    }

    /// <summary>The file name shown to users and given to downloads.</summary>
    public static string FileName(string key) => key[(key.LastIndexOf('/') + 1)..];
}
