using VideoWatermark.Portal.Components.Uploads;

namespace VideoWatermark.Portal.Tests.Components;

/// <summary>The upload page's list, driven by the reports the browser module sends, without rendering the page.</summary>
public sealed class UploadQueueTests
{
    [Fact]
    public void A_file_goes_from_ready_to_uploaded_with_its_job_and_only_finished_files_are_cleared()
    {
        var queue = new UploadQueue();
        queue.Add([new FileAdded("f1", "a.mp4", 1000, "video/mp4", null), new FileAdded("f2", "b.mp4", 2000, "video/mp4", null)]);
        Assert.Equal(2, queue.ReadyCount);
        Assert.False(queue.HasFinished);

        var a = queue.Find("f1")!;
        UploadQueue.Begin(a);
        queue.Started("f1", "job-a");
        queue.Progress("f1", 250, 100);
        Assert.Equal((UploadStatus.Uploading, 25.0, "job-a"), (a.Status, a.Percent, a.JobId));

        queue.Finished("f1", "job-a");
        Assert.Equal((UploadStatus.Uploaded, 100.0), (a.Status, a.Percent));
        Assert.True(queue.HasFinished);

        queue.ClearFinished();
        Assert.Equal(["b.mp4"], queue.Items.Select(i => i.Name));
    }

    [Fact]
    public void A_failed_upload_forgets_its_job_keeps_the_reason_and_starts_again_clean()
    {
        var queue = new UploadQueue();
        queue.Add([new FileAdded("f1", "a.mp4", 1000, "video/mp4", null)]);
        var a = queue.Find("f1")!;
        UploadQueue.Begin(a);
        queue.Started("f1", "job-a");
        queue.Progress("f1", 600, 100);

        queue.Failed("f1", "The connection to the store failed.", cancelled: false);
        Assert.Equal((UploadStatus.Failed, "The connection to the store failed.", (string?)null), (a.Status, a.Error, a.JobId));
        Assert.False(queue.HasJobs);
        Assert.False(queue.HasFinished);

        UploadQueue.Begin(a);
        Assert.Equal((UploadStatus.Uploading, (string?)null, 0L), (a.Status, a.Error, a.Sent));

        queue.Failed("f1", "Cancelled.", cancelled: true);
        Assert.Equal(UploadStatus.Cancelled, a.Status);
        Assert.Null(a.Error);
        Assert.True(queue.HasFinished);
    }

    [Fact]
    public void A_file_refused_by_the_browser_is_never_ready_and_reports_for_removed_files_change_nothing()
    {
        var queue = new UploadQueue();
        queue.Add([new FileAdded("f1", "notes.txt", 10, "text/plain", "'notes.txt' is not a video this service takes.")]);
        var refused = queue.Find("f1")!;
        Assert.Equal(UploadStatus.Refused, refused.Status);
        Assert.Equal(0, queue.ReadyCount);

        queue.Remove(refused);
        queue.Finished("f1", "job-x");
        Assert.Equal(0, queue.Count);
        Assert.Equal(UploadStatus.Refused, refused.Status);
    }

    [Fact]
    public void The_same_file_chosen_again_is_named_and_not_queued_twice()
    {
        var queue = new UploadQueue();
        queue.Add([new FileAdded("f1", "a.mp4", 1000, "video/mp4", null)]);
        queue.Add([new FileAdded("f2", "a.mp4", 1000, "video/mp4", null, Duplicate: true), new FileAdded("f3", "b.mp4", 5, "video/mp4", null)]);

        Assert.Equal(["a.mp4", "b.mp4"], queue.Items.Select(i => i.Name));
        Assert.Equal(["a.mp4"], queue.SkippedDuplicates);
    }
}
