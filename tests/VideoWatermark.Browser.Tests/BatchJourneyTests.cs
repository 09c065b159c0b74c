using System.IO.Compression;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoWatermark.Core;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// Copies for recipients as a person makes them: a template chosen on the upload page, three recipients pasted as CSV,
/// one clip uploaded, then the batch page, where the three copies finish and download together.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BatchJourneyTests(BrowserFixture fixture) : IDisposable
{
    private const string Recipients = "recipient;email\n\"Díaz, Ana\";ana@example.com\nBo Li;bo@example.com\nCy Young;cy@example.com\n";

    private readonly string work = TestMedia.NewTempDirectory("vw-browser-batches");

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task Three_pasted_recipients_make_three_copies_of_one_upload_that_finish_and_download_from_the_batch_page(string width)
    {
        var phone = width == "phone";
        var template = $"recipients-{width}";
        await SaveTemplateAsync(template);
        var clip = TestMedia.Clip(Path.Combine(work, $"screener-{width}.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 2 });
        var page = await fixture.NewPageAsync(BrowserFixture.Viewport(width));
        await BrowserFixture.OpenAsync(page, "");

        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        await page.Locator($"[data-upload='screener-{width}.mp4']").WaitForAsync();
        await ChooseTemplateAsync(page, template);
        await page.GetByLabel("Copies for recipients").CheckAsync();
        var csv = page.Locator("textarea[data-testid='recipients-csv'], [data-testid='recipients-csv'] textarea");
        await csv.FillAsync(Recipients);
        await csv.PressAsync("Tab");

        await Assertions.Expect(page.Locator("[data-testid='recipients-count']")).ToHaveAttributeAsync("data-count", "3");
        await Assertions.Expect(page.Locator("[data-testid='recipients-table'] tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-testid='template-preview-image']")).ToBeVisibleAsync(BrowserFixture.FfmpegDrawn);
        await page.Locator("[data-preview-row='2']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='recipient-preview']")).ToHaveAttributeAsync("data-line", "3");
        await Assertions.Expect(page.Locator("[data-testid='template-preview']")).ToHaveAttributeAsync("data-busy", "false", new() { Timeout = 90_000 });
        await fixture.ScreenshotAsync(page, $"60-recipients-{width}");
        if (phone)
        {
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 390, $"the upload page with recipients is {scrollWidth} px wide at 390 px");
        }

        await page.Locator("[data-testid='upload-all']").ClickAsync();
        var row = page.Locator($"[data-upload='screener-{width}.mp4']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "uploaded", new() { Timeout = 60_000 });
        await row.Locator("[data-testid='open-batch']").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/batches/[0-9a-z]+$"));
        await Assertions.Expect(page.Locator("[data-testid='batch-title']")).ToHaveTextAsync($"screener-{width}.mp4");
        var copies = page.Locator(".batch-row");
        await Assertions.Expect(copies).ToHaveCountAsync(3);
        await Assertions.Expect(copies.Locator("[data-testid='job-link']")).ToHaveTextAsync(["Díaz, Ana", "Bo Li", "Cy Young"]);
        await Assertions.Expect(page.Locator("[data-testid='batch-summary']")).ToHaveAttributeAsync("data-done", "3", new() { Timeout = 240_000 });
        await Assertions.Expect(page.Locator(".batch-row[data-state='succeeded']")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".batch-row [data-testid='download']")).ToHaveCountAsync(3);
        await fixture.ScreenshotAsync(page, $"61-batch-{width}");
        if (phone)
        {
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 390, $"the batch page is {scrollWidth} px wide at 390 px");
        }

        // The two buttons answer with the three copies and their list.
        using var http = new HttpClient { BaseAddress = fixture.Portal.BaseAddress };
        var zipHref = await page.Locator("[data-testid='download-all']").GetAttributeAsync("href");
        using (var zip = await http.GetAsync(zipHref))
        {
            Assert.True(zip.IsSuccessStatusCode, $"Download all answered {(int)zip.StatusCode}");
            using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
            Assert.Equal(3, archive.Entries.Count);
        }

        var manifest = await http.GetAsync(await page.Locator("[data-testid='manifest']").GetAttributeAsync("href"));
        Assert.True(manifest.IsSuccessStatusCode, $"Manifest (CSV) answered {(int)manifest.StatusCode}");
        var lines = (await manifest.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.Contains("bo@example.com", StringComparison.Ordinal));

        // A copy's own page, and back to its batch.
        await copies.Nth(1).Locator("[data-testid='job-link']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='job-title']")).ToHaveTextAsync($"screener-{width}.mp4");
        await page.Locator("[data-testid='batch-link']").ClickAsync();
        await Assertions.Expect(page.Locator(".batch-row")).ToHaveCountAsync(3);

        fixture.AssertNoBrowserErrors(page);
    }

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task The_batch_page_and_the_recipients_section_pass_axe_core(string width)
    {
        var batch = await AddBatchAsync($"axe-batch-{width}.mp4");
        var page = await fixture.NewPageAsync(BrowserFixture.Viewport(width));

        await BrowserFixture.OpenAsync(page, $"batches/{batch.Id}");
        await Assertions.Expect(page.Locator(".batch-row")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".batch-row[data-state='failed'] [data-testid='row-error']")).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(page, $"the batch page at {width} width");

        var template = $"axe-recipients-{width}";
        await SaveTemplateAsync(template);
        await BrowserFixture.OpenAsync(page, "");
        await ChooseTemplateAsync(page, template);
        await page.GetByLabel("Copies for recipients").CheckAsync();
        var csv = page.Locator("textarea[data-testid='recipients-csv'], [data-testid='recipients-csv'] textarea");
        await csv.FillAsync(Recipients + "Dee;\n");
        await csv.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid='recipients-problems'] li")).ToHaveTextAsync(["Line 5: {email} is empty: the template's text needs it."]);
        await Assertions.Expect(page.Locator("[data-testid='template-preview-image']")).ToBeVisibleAsync(BrowserFixture.FfmpegDrawn);
        await Axe.AssertNoViolationsAsync(page, $"the recipients section at {width} width");

        fixture.AssertNoBrowserErrors(page);
    }

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task A_large_batch_shows_a_page_of_copies_at_a_time_with_a_search_and_fits_a_phone(string width)
    {
        await using var own = new OwnPortal("vw-browser-large-batch");
        own.Start(new PortalServer());
        const int Copies = 120;
        var fileName = $"large-{width}.mp4";
        var recipients = new List<BatchRecipient>();
        for (var i = 1; i <= Copies; i++)
        {
            var job = await FinishedJobs.AddRecordAsync(own.Server!, fileName, i % 40 == 0 ? JobState.Failed : JobState.Cancelled, error: i % 40 == 0 ? "The video could not be read." : null);
            recipients.Add(new BatchRecipient(i, new Dictionary<string, string> { ["recipient"] = $"Person {i:000}", ["email"] = $"person-{i:000}@example.com" }, job.Id, job.OutputKey));
        }

        var batch = new Batch
        {
            Id = JobIds.New(),
            Owner = "admin",
            FileName = fileName,
            InputKey = ObjectKeys.PortalUploadKey(JobIds.New(), fileName),
            TemplateName = "screener",
            TemplateVersion = 1,
            Recipients = recipients,
        };
        Assert.True(await own.Server!.Services.GetRequiredService<BatchStore>().TryCreateAsync(batch));
        var page = await own.OpenPageAsync(fixture, BrowserFixture.Viewport(width));

        await BrowserFixture.OpenAsync(page, $"batches/{batch.Id}");
        await Assertions.Expect(page.Locator(".batch-row")).ToHaveCountAsync(50);
        await Assertions.Expect(page.Locator("[data-testid='batch-range']")).ToHaveTextAsync("1–50 of 120");
        await page.Locator("[data-testid='batch-pagination'] button", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^3$") }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='batch-range']")).ToHaveTextAsync("101–120 of 120");
        await Assertions.Expect(page.Locator(".batch-row")).ToHaveCountAsync(20);
        await Assertions.Expect(page.Locator(".batch-row[data-row='120'] [data-testid='row-error']")).ToHaveTextAsync("The video could not be read.");

        await page.Locator("input[data-testid='batch-search'], [data-testid='batch-search'] input").FillAsync("person-077@");
        await Assertions.Expect(page.Locator(".batch-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".batch-row [data-testid='job-link']")).ToHaveTextAsync("Person 077");
        await page.Locator("input[data-testid='batch-search'], [data-testid='batch-search'] input").FillAsync("");
        await Assertions.Expect(page.Locator("[data-testid='batch-range']")).ToHaveTextAsync("1–50 of 120");
        await fixture.ScreenshotAsync(page, $"62-large-batch-{width}");
        if (width == "phone")
        {
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 390, $"the batch page with its pages is {scrollWidth} px wide at 390 px");
        }

        await Axe.AssertNoViolationsAsync(page, $"the paged batch page at {width} width");
        fixture.AssertNoBrowserErrors(page);
    }

    internal static async Task ChooseTemplateAsync(IPage page, string template)
    {
        await page.GetByRole(AriaRole.Radio, new() { Name = "Template" }).ClickAsync();
        await page.Locator("[data-testid='template-select']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{template} ·") }).ClickAsync();
        await page.Locator("[data-testid='recipients-switch']").WaitForAsync();
    }

    /// <summary>A template whose text names the recipient, saved through the API as a script would.</summary>
    private async Task SaveTemplateAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = fixture.Portal.BaseAddress };
        var saved = await http.PostAsJsonAsync("api/templates", new
        {
            name,
            layers = new object[] { new { type = "text", text = "For {recipient} <{email}>", position = "bottom-left", size = 0.08 } },
        });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
    }

    /// <summary>A batch of three as the workers leave it: one copy made, one failed, one running.</summary>
    private async Task<Batch> AddBatchAsync(string fileName)
    {
        var jobs = fixture.Portal.Services.GetRequiredService<JobStore>();
        var batchId = JobIds.New();
        var made = await FinishedJobs.AddAsync(fixture.Portal, fileName);
        var failed = await FinishedJobs.AddRecordAsync(fixture.Portal, fileName, JobState.Failed, error: "The video could not be read.");
        var running = await FinishedJobs.AddRecordAsync(fixture.Portal, fileName, JobState.Running);
        var recipients = new List<BatchRecipient>();
        string[] names = ["Ana Díaz", "Bo Li", "Cy Young"];
        foreach (var (job, i) in new[] { made, failed, running }.Select((j, i) => (j, i)))
        {
            await jobs.UpdateAsync(job.Id, j => j with { BatchId = batchId });
            recipients.Add(new BatchRecipient(i + 1, new Dictionary<string, string> { ["recipient"] = names[i], ["email"] = $"r{i + 1}@example.com" }, job.Id, job.OutputKey));
        }

        var batch = new Batch
        {
            Id = batchId,
            Owner = "admin",
            FileName = fileName,
            InputKey = made.InputKey,
            TemplateName = "screener",
            TemplateVersion = 1,
            Recipients = recipients,
        };
        Assert.True(await fixture.Portal.Services.GetRequiredService<BatchStore>().TryCreateAsync(batch));
        return batch;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
