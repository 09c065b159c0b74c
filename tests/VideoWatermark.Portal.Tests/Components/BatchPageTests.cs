using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Components.Shared;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Components;

/// <summary>The batch page (<c>/batches/{id}</c>): one row per recipient's copy, following the jobs live.</summary>
public sealed class BatchPageTests : PortalComponentContext
{
    [Fact]
    public async Task Each_recipient_has_a_row_that_follows_its_job_with_state_progress_error_size_and_download()
    {
        var (batch, jobs) = await AddBatchAsync("ana");
        await StartAsync();

        var page = Render<BatchDetail>(p => p.Add(x => x.Id, batch.Id));

        page.WaitForElement("[data-testid='batch-title']", Wait);
        Assert.Equal("trailer.mp4", page.Find("[data-testid='batch-title']").TextContent);
        Assert.Equal(["1", "2", "3"], page.FindAll(".batch-row").Select(r => r.GetAttribute("data-row")));
        Assert.Equal(["Ana Díaz", "Bo Li", "Cy Young"], page.FindAll(".batch-row [data-testid='job-link']").Select(a => a.TextContent));
        Assert.Equal(jobs.Select(j => $"jobs/{j.Id}"), page.FindAll(".batch-row [data-testid='job-link']").Select(a => a.GetAttribute("href")));
        Assert.Equal("bo@example.com", page.Find($"[data-job='{jobs[1].Id}'] .batch-email").TextContent);
        Assert.Equal(["queued", "queued", "queued"], page.FindAll(".batch-row .state-chip").Select(c => c.GetAttribute("data-state")));
        Assert.Contains("0 of 3 done · 3 waiting", page.Find("[data-testid='batch-summary']").TextContent, StringComparison.Ordinal);
        // Nothing to zip yet.
        Assert.True(page.Find("[data-testid='download-all']").HasAttribute("disabled"));
        Assert.Equal($"api/batches/{batch.Id}/manifest.csv", page.Find("[data-testid='manifest']").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid='download']"));

        // The workers move the jobs on; the page follows without a reload.
        await Jobs.UpdateAsync(jobs[0].Id, j => j with { State = JobState.Running, Progress = 42 });
        page.WaitForAssertion(() => Assert.Equal("42%", page.Find($"[data-job='{jobs[0].Id}'] .batch-progress .job-sub").TextContent), Wait);
        Assert.Equal("running", page.Find($"[data-job='{jobs[0].Id}'] .state-chip").GetAttribute("data-state"));

        await Jobs.UpdateAsync(jobs[0].Id, j => j with { State = JobState.Succeeded, Progress = 100, OutputSize = 3 * 1024 * 1024 });
        await Jobs.UpdateAsync(jobs[1].Id, j => j with { State = JobState.Failed, Error = "ffmpeg failed: No space left on device." });
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid='batch-summary']").GetAttribute("data-failed")), Wait);
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid='batch-summary']").GetAttribute("data-done")), Wait);
        var done = page.Find($"[data-job='{jobs[0].Id}']");
        Assert.Equal("succeeded", done.GetAttribute("data-state"));
        Assert.Equal("3 MB", done.QuerySelector(".batch-size")!.TextContent);
        Assert.Equal($"api/jobs/{jobs[0].Id}/download", done.QuerySelector("[data-testid='download']")!.GetAttribute("href"));
        Assert.Equal($"api/batches/{batch.Id}/download.zip", page.Find("[data-testid='download-all']").GetAttribute("href"));
        Assert.Equal("ffmpeg failed: No space left on device.", page.Find($"[data-job='{jobs[1].Id}'] [data-testid='row-error']").TextContent);
        Assert.Contains("1 of 3 done · 1 failed · 1 waiting", page.Find("[data-testid='batch-summary']").TextContent, StringComparison.Ordinal);
        Assert.Equal("false", page.Find("[data-testid='batch-summary']").GetAttribute("data-finished"));
    }

    [Fact]
    public async Task A_batch_of_a_thousand_draws_one_page_of_rows_and_a_change_redraws_only_its_own_row()
    {
        const int Many = 1_000;
        await StartAsync();
        var (batch, jobs) = await AddLargeBatchAsync(Many);

        var page = Render<BatchDetail>(p => p.Add(x => x.Id, batch.Id));

        page.WaitForElement("[data-testid='batch-title']", Wait);
        Assert.Equal(Enumerable.Range(1, BatchDetail.PageSize).Select(i => i.ToString(CultureInfo.InvariantCulture)), page.FindAll(".batch-row").Select(r => r.GetAttribute("data-row")));
        Assert.Equal($"1–50 of {Many:N0}", page.Find("[data-testid='batch-range']").TextContent);
        Assert.Contains($"0 of {Many} done · {Many} waiting", page.Find("[data-testid='batch-summary']").TextContent, StringComparison.Ordinal);

        // One copy moves on: its row shows it, the summary counts it, and no other row is drawn again.
        var rows = page.FindComponents<BatchRow>();
        var before = rows.ToDictionary(r => r.Instance.Row.JobId, r => r.RenderCount);
        Index.Upsert(jobs[2] with { State = JobState.Running, Progress = 42 });
        page.WaitForAssertion(() => Assert.Equal("42%", page.Find($"[data-job='{jobs[2].Id}'] .batch-progress .job-sub").TextContent), Wait);
        Assert.Contains($"0 of {Many} done · 1 running · {Many - 1} waiting", page.Find("[data-testid='batch-summary']").TextContent, StringComparison.Ordinal);
        var redrawn = page.FindComponents<BatchRow>().Where(r => r.RenderCount != before[r.Instance.Row.JobId]).Select(r => r.Instance.Row.JobId);
        Assert.Equal([jobs[2].Id], redrawn);

        // A copy far down the list: its change is counted at once, and its page shows it.
        Index.Upsert(jobs[Many - 3] with { State = JobState.Failed, Error = "ffmpeg failed: No space left on device." });
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid='batch-summary']").GetAttribute("data-failed")), Wait);
        Assert.Empty(page.FindAll($"[data-job='{jobs[Many - 3].Id}']"));
        await page.ClickAsync(() => page.FindAll("[data-testid='batch-pagination'] button").Single(b => b.TextContent.Trim() == "20"));
        page.WaitForAssertion(() => Assert.Equal("951–1,000 of 1,000", page.Find("[data-testid='batch-range']").TextContent), Wait);
        Assert.Equal(BatchDetail.PageSize, page.FindAll(".batch-row").Count);
        Assert.Equal("ffmpeg failed: No space left on device.", page.Find($"[data-job='{jobs[Many - 3].Id}'] [data-testid='row-error']").TextContent);

        // The search looks through every copy, not just the page shown.
        await page.InputAsync("input[data-testid='batch-search'], [data-testid='batch-search'] input", "person-0007@");
        page.WaitForAssertion(() => Assert.Equal("7", page.Find(".batch-row").GetAttribute("data-row")), Wait);
        Assert.Single(page.FindAll(".batch-row"));
        Assert.Empty(page.FindAll("[data-testid='batch-pagination']"));
    }

    [Fact]
    public async Task Another_users_batch_and_an_unknown_id_are_not_shown()
    {
        var (batch, _) = await AddBatchAsync("ana");
        await StartAsync();
        Authorization.SetAuthorized("bob");
        Authorization.SetRoles();

        var theirs = Render<BatchDetail>(p => p.Add(x => x.Id, batch.Id));
        theirs.WaitForAssertion(() => Assert.Equal($"There is no batch {batch.Id}.", theirs.Find("[data-testid='no-batch']").TextContent), Wait);
        Assert.DoesNotContain("trailer.mp4", theirs.Markup, StringComparison.Ordinal);

        var unknown = Render<BatchDetail>(p => p.Add(x => x.Id, "../jobs"));
        unknown.WaitForAssertion(() => Assert.Equal("There is no batch ../jobs.", unknown.Find("[data-testid='no-batch']").TextContent), Wait);
    }

    [Fact]
    public async Task A_job_of_a_batch_links_back_to_its_batch()
    {
        var (batch, jobs) = await AddBatchAsync("admin");
        var single = await AddJobAsync("single.mp4", JobState.Queued);
        await StartAsync();

        var page = Render<JobDetail>(p => p.Add(x => x.Id, jobs[2].Id));

        Assert.Equal($"batches/{batch.Id}", page.Find("[data-testid='batch-link']").GetAttribute("href"));
        Assert.Contains(page.FindAll(".mud-breadcrumb-item a"), a => a.GetAttribute("href") == $"batches/{batch.Id}");
        var alone = Render<JobDetail>(p => p.Add(x => x.Id, single.Id));
        Assert.Empty(alone.FindAll("[data-testid='batch-link']"));
    }

    /// <summary>
    /// A batch of <paramref name="count"/> queued copies: the batch record in the store and the jobs in the index, as
    /// the dashboard's index holds them (writing a thousand job records would only slow the test).
    /// </summary>
    private async Task<(Batch Batch, List<Job> Jobs)> AddLargeBatchAsync(int count)
    {
        var id = JobIds.New();
        var input = ObjectKeys.PortalUploadKey(id, "trailer.mp4");
        var jobs = new List<Job>();
        var recipients = new List<BatchRecipient>();
        for (var i = 1; i <= count; i++)
        {
            var job = new Job
            {
                Id = JobIds.New(),
                State = JobState.Queued,
                BatchId = id,
                Owner = "admin",
                InputKey = input,
                OutputKey = $"watermark-trailer-Person-{i:0000}.mp4",
                FileName = "trailer.mp4",
                CreatedAt = DateTimeOffset.UtcNow,
            };
            Index.Upsert(job);
            jobs.Add(job);
            recipients.Add(new BatchRecipient(i, new Dictionary<string, string> { ["recipient"] = $"Person {i:0000}", ["email"] = $"person-{i:0000}@example.com" }, job.Id, job.OutputKey));
        }

        var batch = new Batch
        {
            Id = id,
            Owner = "admin",
            FileName = "trailer.mp4",
            InputKey = input,
            TemplateName = "screener",
            TemplateVersion = 1,
            CreatedAt = DateTimeOffset.UtcNow,
            Recipients = recipients,
        };
        Assert.True(await Services.GetRequiredService<BatchStore>().TryCreateAsync(batch));
        return (batch, jobs);
    }

    /// <summary>A batch of three recipients with its queued jobs, written as the upload API writes them.</summary>
    private async Task<(Batch Batch, List<Job> Jobs)> AddBatchAsync(string owner)
    {
        var id = JobIds.New();
        var input = ObjectKeys.PortalUploadKey(id, "trailer.mp4");
        string[][] people = [["Ana Díaz", "ana@example.com"], ["Bo Li", "bo@example.com"], ["Cy Young", "cy@example.com"]];
        var jobs = new List<Job>();
        var recipients = new List<BatchRecipient>();
        for (var i = 0; i < people.Length; i++)
        {
            var job = await AddJobAsync("trailer.mp4", JobState.Queued, change: j => j with
            {
                BatchId = id,
                Owner = owner,
                InputKey = input,
                OutputKey = $"watermark-trailer-{people[i][0].Replace(' ', '-')}.mp4",
            });
            jobs.Add(job);
            recipients.Add(new BatchRecipient(i + 1, new Dictionary<string, string> { ["recipient"] = people[i][0], ["email"] = people[i][1] }, job.Id, job.OutputKey));
        }

        var batch = new Batch
        {
            Id = id,
            Owner = owner,
            FileName = "trailer.mp4",
            InputKey = input,
            TemplateName = "screener",
            TemplateVersion = 2,
            CreatedAt = DateTimeOffset.UtcNow,
            Recipients = recipients,
        };
        Assert.True(await Services.GetRequiredService<BatchStore>().TryCreateAsync(batch));
        return (batch, jobs);
    }
}
