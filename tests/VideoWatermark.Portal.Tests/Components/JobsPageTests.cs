using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Components;

public sealed class JobsPageTests : PortalComponentContext
{
    // MudTextField puts the test id on its input.
    private const string SearchBox = "input[data-testid='job-search'], [data-testid='job-search'] input";

    [Fact]
    public async Task Lists_jobs_newest_first_with_state_sizes_and_error()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        await AddJobAsync("old.mp4", JobState.Succeeded, t0, j => j with { OutputSize = 2_000_000, StartedAt = t0, FinishedAt = t0.AddSeconds(42) });
        await AddJobAsync("broken.mov", JobState.Failed, t0.AddMinutes(1), j => j with { Error = "The video has no video stream." });
        await AddJobAsync("new.mkv", JobState.Queued, t0.AddMinutes(2));
        await StartAsync();

        var page = Render<Jobs>();

        var names = page.FindAll(".job-row .job-link").Select(a => a.TextContent).ToList();
        Assert.Equal(["new.mkv", "broken.mov", "old.mp4"], names);
        var old = page.Find(".job-row[data-state='succeeded']");
        Assert.Contains("took 42s", old.TextContent, StringComparison.Ordinal);
        Assert.Contains("1.2 MB", old.TextContent, StringComparison.Ordinal);
        Assert.Contains("1.9 MB", old.TextContent, StringComparison.Ordinal);
        Assert.NotNull(old.QuerySelector("a[href$='/download']"));
        Assert.Contains("The video has no video stream.", page.Find(".job-row[data-state='failed'] .job-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_by_state_and_searches_by_name()
    {
        await AddJobAsync("holiday.mp4", JobState.Succeeded);
        await AddJobAsync("holiday-2.mp4", JobState.Failed, change: j => j with { Error = "bad" });
        await AddJobAsync("meeting.mp4", JobState.Failed, change: j => j with { Error = "bad" });
        await StartAsync();
        var page = Render<Jobs>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".job-link").Count), Wait);

        await page.ClickAsync("[data-filter='failed']");
        page.WaitForAssertion(() => Assert.Equal(["holiday-2.mp4", "meeting.mp4"], page.FindAll(".job-link").Select(a => a.TextContent).Order().ToList()), Wait);

        await page.InputAsync("input[data-testid='job-search'], [data-testid='job-search'] input", "holi");
        page.WaitForAssertion(() => Assert.Equal(["holiday-2.mp4"], page.FindAll(".job-link").Select(a => a.TextContent).ToList()), Wait);

        await page.ClickAsync("[data-filter='all']");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".job-link").Count), Wait);
    }

    [Fact]
    public async Task A_change_to_a_job_reaches_the_open_page_without_a_reload()
    {
        var job = await AddJobAsync("live.mp4", JobState.Queued);
        await StartAsync();
        var page = Render<Jobs>();
        Assert.Equal("queued", page.Find(".job-row").GetAttribute("data-state"));

        var now = Clock.Freeze();
        await Jobs.UpdateAsync(job.Id, j => j with { State = JobState.Running, Progress = 55, StartedAt = now.AddSeconds(-11) });
        page.WaitForAssertion(() => Assert.Equal("running", page.Find(".job-row").GetAttribute("data-state")), Wait);
        Assert.Contains("55% · 11s elapsed · 9s left", page.Find(".job-row").TextContent, StringComparison.Ordinal);

        await Jobs.UpdateAsync(job.Id, j => j with { State = JobState.Succeeded, Progress = 100, FinishedAt = now });
        page.WaitForAssertion(() => Assert.Equal("succeeded", page.Find(".job-row").GetAttribute("data-state")), Wait);
        Assert.Contains("Succeeded 1", page.Find("[data-filter='succeeded']").TextContent.Replace("\n", " ", StringComparison.Ordinal).Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_on_a_queued_job_cancels_it_and_retry_queues_a_failed_one_again()
    {
        var queued = await AddJobAsync("wait.mp4", JobState.Queued);
        var failed = await AddJobAsync("broken.mp4", JobState.Failed, change: j => j with { Attempts = 1, Error = "ffmpeg failed while encoding.", FinishedAt = DateTimeOffset.UtcNow });

        // A retry runs the stored original again, so there must be one.
        using (var original = new MemoryStream("not read before the worker runs"u8.ToArray()))
        {
            await Services.GetRequiredService<IObjectStore>().PutAsync(failed.InputKey, original, "video/mp4");
        }

        await StartAsync();
        var page = Render<Jobs>();

        await page.ClickAsync($".job-row[data-job='{queued.Id}'] [data-action='cancel']");
        page.WaitForAssertion(() => Assert.Equal("cancelled", page.Find($".job-row[data-job='{queued.Id}']").GetAttribute("data-state")), Wait);
        var stored = await Jobs.GetAsync(queued.Id);
        Assert.Equal(JobState.Cancelled, stored!.State);
        Assert.True(stored.CancelRequested);

        await page.ClickAsync($".job-row[data-job='{failed.Id}'] [data-action='retry']");
        page.WaitForAssertion(() => Assert.Equal("queued", page.Find($".job-row[data-job='{failed.Id}']").GetAttribute("data-state")), Wait);
        Assert.Equal("", page.Find($".job-row[data-job='{failed.Id}'] .job-error").TextContent.Trim());
        var again = await Jobs.GetAsync(failed.Id);
        Assert.Equal(JobState.Queued, again!.State);
        Assert.Equal(2, again.Attempts);
        Assert.Null(again.Error);
        Assert.Null(again.FinishedAt);
    }

    [Fact]
    public async Task Ten_thousand_jobs_render_only_the_rows_in_view()
    {
        await StartAsync();
        var t0 = DateTimeOffset.UtcNow;
        for (var i = 0; i < 10_000; i++)
        {
            Index.Upsert(new Job
            {
                Id = JobIds.New(),
                State = (JobState)(i % 6),
                InputKey = $"unprocessed-videos/x/clip-{i}.mp4",
                OutputKey = $"x/watermark-clip-{i}.mp4",
                FileName = $"clip-{i:00000}.mp4",
                CreatedAt = t0.AddSeconds(i),
                UpdatedAt = t0.AddSeconds(i),
            });
        }

        var page = Render<Jobs>();
        page.WaitForAssertion(() => Assert.Contains("10000 jobs", page.Markup, StringComparison.Ordinal), Wait);
        var rows = page.FindAll(".job-row");
        Assert.InRange(rows.Count, 1, 200);
        Assert.Equal("clip-09999.mp4", rows[0].QuerySelector(".job-link")!.TextContent);
    }

    [Fact]
    public async Task The_empty_dashboards_Upload_videos_is_a_link_to_the_upload_page()
    {
        await StartAsync();
        var page = Render<Jobs>();

        var upload = page.WaitForElement("[data-testid='upload-videos']", Wait);
        Assert.Equal("A", upload.TagName);
        Assert.Equal("./", upload.GetAttribute("href"));
    }

    [Fact]
    public async Task The_state_counts_follow_the_search()
    {
        await AddJobAsync("beach-1.mp4", JobState.Succeeded);
        await AddJobAsync("beach-2.mp4", JobState.Failed, change: j => j with { Error = "bad" });
        await AddJobAsync("office.mp4", JobState.Failed, change: j => j with { Error = "bad" });
        await StartAsync();
        var page = Render<Jobs>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".job-link").Count), Wait);

        await page.InputAsync(SearchBox, "beach");

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-filter='all'] b").TextContent), Wait);
        Assert.Equal("1", page.Find("[data-filter='failed'] b").TextContent);
        Assert.Equal("1", page.Find("[data-filter='succeeded'] b").TextContent);
    }

    [Fact]
    public async Task Filter_and_search_come_from_the_address()
    {
        await AddJobAsync("beach-1.mp4", JobState.Succeeded);
        await AddJobAsync("beach-2.mp4", JobState.Failed, change: j => j with { Error = "bad" });
        await AddJobAsync("office.mp4", JobState.Failed, change: j => j with { Error = "bad" });
        await StartAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("jobs?state=failed&q=beach");

        var page = Render<Jobs>();

        page.WaitForAssertion(() => Assert.Equal(["beach-2.mp4"], page.FindAll(".job-link").Select(a => a.TextContent).ToList()), Wait);
        Assert.Equal("beach", page.Find(SearchBox).GetAttribute("value"));
        Assert.NotNull(page.Find("[data-testid='clear-filters']"));
    }

    [Fact]
    public async Task Dates_from_the_address_narrow_the_list_the_counts_and_the_export_and_a_new_date_goes_into_the_address()
    {
        var zone = TimeProvider.System.LocalTimeZone;
        DateTimeOffset Noon(int day) => new(new DateTime(2025, 6, day, 12, 0, 0), zone.GetUtcOffset(new DateTime(2025, 6, day, 12, 0, 0)));
        await AddJobAsync("june-1.mp4", JobState.Succeeded, Noon(1));
        await AddJobAsync("june-5.mp4", JobState.Failed, Noon(5), j => j with { Error = "bad" });
        await AddJobAsync("june-9.mp4", JobState.Succeeded, Noon(9));
        await StartAsync();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("jobs?from=2025-06-02&to=2025-06-09");

        var page = Render<Jobs>();

        page.WaitForAssertion(() => Assert.Equal(["june-9.mp4", "june-5.mp4"], page.FindAll(".job-link").Select(a => a.TextContent).ToList()), Wait);
        Assert.Equal("2", page.Find("[data-filter='all'] b").TextContent);
        Assert.Equal("1", page.Find("[data-filter='failed'] b").TextContent);
        Assert.Equal("2025-06-02", page.Find("input[data-testid='date-from'], [data-testid='date-from'] input").GetAttribute("value"));
        Assert.Contains("from=2025-06-02&to=2025-06-09", page.Find("[data-testid='export-csv']").GetAttribute("href"), StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid='clear-filters']"));

        await page.ChangeAsync("input[data-testid='date-to'], [data-testid='date-to'] input", "2025-06-05");

        Assert.EndsWith("jobs?from=2025-06-02&to=2025-06-05", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_click_sorts_by_that_column_and_a_second_click_turns_the_order_round()
    {
        await AddJobAsync("small.mp4", JobState.Succeeded, change: j => j with { InputSize = 1_000 });
        await AddJobAsync("large.mp4", JobState.Succeeded, change: j => j with { InputSize = 9_000_000 });
        await AddJobAsync("medium.mp4", JobState.Succeeded, change: j => j with { InputSize = 50_000 });
        await StartAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("jobs");
        var page = Render<Jobs>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".job-link").Count), Wait);

        await page.ClickAsync("[data-sort='size']");
        page.WaitForAssertion(() => Assert.Equal(["large.mp4", "medium.mp4", "small.mp4"], page.FindAll(".job-link").Select(a => a.TextContent).ToList()), Wait);
        Assert.EndsWith("jobs?sort=-size", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);

        await page.ClickAsync("[data-sort='size']");
        page.WaitForAssertion(() => Assert.Equal(["small.mp4", "medium.mp4", "large.mp4"], page.FindAll(".job-link").Select(a => a.TextContent).ToList()), Wait);

        await page.ClickAsync("[data-sort='name']");
        page.WaitForAssertion(() => Assert.Equal(["large.mp4", "medium.mp4", "small.mp4"], page.FindAll(".job-link").Select(a => a.TextContent).ToList()), Wait);
    }

    [Fact]
    public async Task Queued_jobs_show_their_place_in_line()
    {
        var start = DateTimeOffset.UtcNow;
        await AddJobAsync("first.mp4", JobState.Queued, created: start);
        await AddJobAsync("second.mp4", JobState.Queued, created: start.AddSeconds(1));
        await AddJobAsync("third.mp4", JobState.Queued, created: start.AddSeconds(2));
        await StartAsync();
        var page = Render<Jobs>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".job-row").Count), Wait);
        string ProgressOf(string name) => page.FindAll(".job-row").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal)).QuerySelector(".job-progress")!.TextContent;
        Assert.Contains("next for a worker", ProgressOf("first.mp4"), StringComparison.Ordinal);
        Assert.Contains("#2 in line", ProgressOf("second.mp4"), StringComparison.Ordinal);
        Assert.Contains("#3 in line", ProgressOf("third.mp4"), StringComparison.Ordinal);
    }
}
