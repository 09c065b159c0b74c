using Bunit;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Components;

/// <summary>The dashboard with thousands of jobs: the first screen is right and changes anywhere in the list reach it.</summary>
public sealed class JobsPageAtScaleTests : PortalComponentContext
{
    private const int Many = 5_000;

    [Fact]
    public async Task Five_thousand_jobs_list_newest_first_and_new_and_changed_jobs_reach_the_open_page()
    {
        var t0 = DateTimeOffset.UtcNow.AddDays(-1);
        var deep = await AddJobAsync("deep-old.mp4", JobState.Queued, t0.AddDays(-30));
        await StartAsync();
        for (var i = 0; i < Many; i++)
        {
            Index.Upsert(new Job
            {
                Id = JobIds.New(),
                State = i % 10 == 0 ? JobState.Failed : JobState.Succeeded,
                Error = i % 10 == 0 ? $"Failure {i}." : null,
                InputKey = $"unprocessed-videos/x/clip-{i}.mp4",
                OutputKey = $"x/watermark-clip-{i}.mp4",
                FileName = $"clip-{i:00000}.mp4",
                CreatedAt = t0.AddSeconds(i),
                UpdatedAt = t0.AddSeconds(i),
            });
        }

        var page = Render<Jobs>();
        page.WaitForAssertion(() => Assert.Contains($"{Many + 1} jobs", page.Markup, StringComparison.Ordinal), Wait);
        var names = page.FindAll(".job-row .job-link").Select(a => a.TextContent).ToList();
        Assert.InRange(names.Count, 24, 200);
        Assert.Equal(Enumerable.Range(0, 24).Select(k => $"clip-{Many - 1 - k:00000}.mp4"), names.Take(24));
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal("Queued 1", Chip(page, "queued"));
        Assert.Equal($"Failed {Many / 10}", Chip(page, "failed"));

        // A job created through the store goes to the top of the open page.
        var fresh = await AddJobAsync("fresh.mp4", JobState.Queued);
        page.WaitForAssertion(() => Assert.Equal("fresh.mp4", page.Find(".job-row .job-link").TextContent), Wait);
        Assert.Contains($"{Many + 2} jobs", page.Markup, StringComparison.Ordinal);
        Assert.Equal("Queued 2", Chip(page, "queued"));

        await Jobs.UpdateAsync(fresh.Id, j => j with { State = JobState.Running, Progress = 40, StartedAt = DateTimeOffset.UtcNow });
        page.WaitForAssertion(() => Assert.Equal("running", page.Find($".job-row[data-job='{fresh.Id}']").GetAttribute("data-state")), Wait);
        Assert.Contains("40%", page.Find($".job-row[data-job='{fresh.Id}']").TextContent, StringComparison.Ordinal);

        // A job far below the first screen changes: the counts follow at once and a search finds it in its new state.
        await Jobs.UpdateAsync(deep.Id, j => j with { State = JobState.Failed, Error = "The video has no video stream.", FinishedAt = DateTimeOffset.UtcNow });
        page.WaitForAssertion(() => Assert.Equal($"Failed {(Many / 10) + 1}", Chip(page, "failed")), Wait);
        Assert.Equal("Queued 0", Chip(page, "queued"));
        await page.InputAsync("input[data-testid='job-search'], [data-testid='job-search'] input", "deep-old");
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".job-row")), Wait);
        var row = page.Find(".job-row");
        Assert.Equal("failed", row.GetAttribute("data-state"));
        Assert.Contains("The video has no video stream.", row.QuerySelector(".job-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector("[data-action='retry']"));
    }

    private static string Chip(IRenderedComponent<Jobs> page, string state) =>
        string.Join(' ', page.Find($"[data-filter='{state}']").TextContent.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
