namespace VideoWatermark.Portal.Components.Uploads;

/// <summary>
/// The files on the upload page and how each moves: Ready → Uploading → Uploaded, or Failed or Cancelled (both may
/// start again); a file the browser's own check refused stays Refused and never leaves the machine. The browser
/// module reports by client id; a report for a file no longer listed (removed meanwhile) changes nothing.
/// </summary>
public sealed class UploadQueue
{
    private readonly List<UploadItem> items = [];

    public IReadOnlyList<UploadItem> Items => items;

    public int Count => items.Count;

    public int ReadyCount => items.Count(i => i.Status == UploadStatus.Ready);

    /// <summary>Whether "Clear finished" has anything to clear.</summary>
    public bool HasFinished => items.Any(IsFinished);

    /// <summary>Whether any file has a job whose state the page shows.</summary>
    public bool HasJobs => items.Any(i => i.JobId is not null);

    public int UploadingCount => items.Count(i => i.Status == UploadStatus.Uploading);

    /// <summary>Bytes sent of everything now uploading, out of their total, and the combined speed.</summary>
    public (long Sent, long Total, double BytesPerSecond) InFlight
    {
        get
        {
            var uploading = items.Where(i => i.Status == UploadStatus.Uploading).ToList();
            return (uploading.Sum(i => i.Sent), uploading.Sum(i => i.Size), uploading.Sum(i => i.BytesPerSecond));
        }
    }

    /// <summary>Files the last choice held that were already listed, so were not queued again.</summary>
    public IReadOnlyList<string> SkippedDuplicates { get; private set; } = [];

    public IReadOnlyList<UploadItem> Ready => items.Where(i => i.Status == UploadStatus.Ready).ToList();

    public UploadItem? Find(string? clientId) => clientId is null ? null : items.FirstOrDefault(i => i.ClientId == clientId);

    public void Add(IEnumerable<FileAdded> added)
    {
        var list = added.ToList();
        SkippedDuplicates = list.Where(f => f.Duplicate).Select(f => f.Name).ToList();
        foreach (var file in list.Where(f => !f.Duplicate))
        {
            items.Add(new UploadItem
            {
                ClientId = file.Id,
                Name = file.Name,
                Size = file.Size,
                Status = file.Error is null ? UploadStatus.Ready : UploadStatus.Refused,
                Error = file.Error,
            });
        }
    }

    /// <summary>The page hands the file to the module: it shows as uploading at once, before the portal answers.</summary>
    public static void Begin(UploadItem item)
    {
        item.Status = UploadStatus.Uploading;
        item.Error = null;
        item.ResumeNote = null;
        item.Sent = 0;
        item.BatchId = null;
        item.BatchJobIds = [];
    }

    public void Started(string clientId, string jobId) => Update(clientId, item =>
    {
        item.JobId = jobId;
        item.Status = UploadStatus.Uploading;
    });

    public void Resumed(string clientId, string jobId, int heldParts, int partCount) => Update(clientId, item =>
    {
        item.JobId = jobId;
        item.Status = UploadStatus.Uploading;
        item.Error = null;
        item.ResumeNote = $"Resuming: {heldParts} of {partCount} parts already uploaded";
    });

    /// <summary>
    /// The interrupted upload cannot go on (its job was cancelled, the store dropped its parts): the module starts the
    /// file over when the user had started it, else the file waits for them as a new one.
    /// </summary>
    public void ResumeRefused(string clientId, string message, bool startingOver) => Update(clientId, item =>
    {
        item.ResumeNote = message;
        if (!startingOver)
        {
            item.Status = UploadStatus.Ready;
        }
    });

    public void BatchStarted(string clientId, string batchId, IReadOnlyList<string> jobIds) => Update(clientId, item =>
    {
        item.BatchId = batchId;
        item.BatchJobIds = jobIds;
    });

    public void Progress(string clientId, long sent, double bytesPerSecond) => Update(clientId, item =>
    {
        item.Sent = sent;
        item.BytesPerSecond = bytesPerSecond;
    });

    public void Finished(string clientId, string jobId) => Update(clientId, item =>
    {
        item.JobId = jobId;
        item.Sent = item.Size;
        item.Status = UploadStatus.Uploaded;
    });

    /// <summary>
    /// The module gave up on the upload (or the user told it to); the job it announced is cancelled, so it is forgotten
    /// here. The user's own cancellation is no error.
    /// </summary>
    public void Failed(string clientId, string message, bool cancelled, int? recipient = null) => Update(clientId, item =>
    {
        item.Status = cancelled ? UploadStatus.Cancelled : UploadStatus.Failed;
        item.Error = cancelled ? null : item.Explain(message, recipient);
        item.JobId = null;
        item.BatchId = null;
        item.BatchJobIds = [];
    });

    public void Facts(string clientId, LocalVideoFacts? facts) => Update(clientId, item => item.Facts = facts);

    public void Remove(UploadItem item) => items.Remove(item);

    /// <summary>Every file not uploading right now; the ones in flight go on.</summary>
    public IReadOnlyList<UploadItem> Removable => items.Where(i => i.Status != UploadStatus.Uploading).ToList();

    public void ClearFinished() => items.RemoveAll(IsFinished);

    private static bool IsFinished(UploadItem item) => item.Status is UploadStatus.Uploaded or UploadStatus.Refused or UploadStatus.Cancelled;

    private void Update(string clientId, Action<UploadItem> change)
    {
        if (Find(clientId) is { } item)
        {
            change(item);
        }
    }
}
