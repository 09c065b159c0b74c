using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Services;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// A multipart upload interrupted by a reload or a lost connection resumes from its finished parts when the user picks
/// the same file again or retries it (issue 11): fewer than half of its parts go up again, the one job it started ends
/// Succeeded, and the store assembled exactly the file chosen. The portal's part size is the smallest S3 allows
/// (5 MiB), so a grainy clip of a few seconds takes about ten parts. Playwright's routing stands between the page and
/// the store: the first parts go through, and the ones the page sends after them are held (the reload cuts them off)
/// or fail as a dropped connection does.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ResumedUploadTests(BrowserFixture fixture)
{
    private const long PartSize = 5L * 1024 * 1024;

    /// <summary>How many parts upload.js sends at once: at most this many are lost when the upload is cut off.</summary>
    private const int PartsInFlight = 4;

    private const string FileName = "coastline.mp4";

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task A_reload_mid_upload_then_picking_the_same_file_sends_only_the_missing_parts_and_the_job_succeeds(string width)
    {
        await using var own = new OwnPortal("vw-browser-resume");
        var (page, clip, partCount) = await OpenWithClipAsync(own, width,
            new ExpectedFailure("net::ERR_ABORTED", "/storage/", "the reload cuts off the parts held in flight"));
        var letThrough = partCount - PartsInFlight;
        var parts = await InterruptAsync(page, letThrough, route => Task.CompletedTask);
        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await parts.Finished.WaitAsync(TimeSpan.FromSeconds(60));
        await Assertions.Expect(page.Locator($"[data-upload='{FileName}']")).ToHaveAttributeAsync("data-status", "uploading");

        // F5 in the middle of the upload; the browser asks first and the person confirms.
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await page.ReloadAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { Timeout = 60_000 });
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        var sentAgain = CountPartsSent(page);

        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);

        await AssertResumedAsync(own, page, clip, partCount, letThrough, sentAgain, "resume-after-reload-" + width);
    }

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task A_connection_lost_mid_upload_then_retry_sends_only_the_missing_parts_and_the_job_succeeds(string width)
    {
        await using var own = new OwnPortal("vw-browser-resume-lost");
        var (page, clip, partCount) = await OpenWithClipAsync(own, width,
            new ExpectedFailure("net::ERR_CONNECTION_FAILED", "/storage/", "the connection to the store drops for the last parts"),
            new ExpectedFailure("net::ERR_ABORTED", "/storage/", "once one lost part has failed for good, the others in flight are cancelled"),
            new ExpectedFailure("net::ERR_ABORTED", "/parts/", "a part being signed then is cancelled too"));
        var letThrough = partCount - PartsInFlight;
        // The connection stays down until the retry asks which parts the store holds, so no part of the first
        // attempt can reach the store while the test waits to press Retry.
        var listed = false;
        page.Request += (_, request) => listed |= request.Method == "GET" && request.Url.Contains("/parts?uploadId=", StringComparison.Ordinal);
        var parts = await InterruptAsync(page, letThrough, route => Volatile.Read(ref listed) ? route.ContinueAsync() : route.AbortAsync("connectionfailed"));
        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await parts.Finished.WaitAsync(TimeSpan.FromSeconds(60));

        // Each lost part is tried a few times, then the upload stops and says how it goes on.
        var row = page.Locator($"[data-upload='{FileName}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "failed", new() { Timeout = 60_000 });
        await Assertions.Expect(row.Locator("[data-testid='upload-error']")).ToContainTextAsync("Retry sends only the parts still missing.");
        await fixture.ScreenshotAsync(page, "resume-connection-lost-" + width);

        var sentAgain = CountPartsSent(page);
        await row.Locator("[data-testid='retry-upload']").ClickAsync();

        await AssertResumedAsync(own, page, clip, partCount, letThrough, sentAgain, "resume-after-connection-lost-" + width);
    }

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task A_batch_upload_cut_off_then_retried_sends_only_the_missing_parts_and_makes_each_copy_once(string width)
    {
        await using var own = new OwnPortal("vw-browser-resume-batch");
        var (page, clip, partCount) = await OpenWithClipAsync(own, width,
            new ExpectedFailure("net::ERR_CONNECTION_FAILED", "/storage/", "the connection to the store drops for the last parts"),
            new ExpectedFailure("net::ERR_ABORTED", "/storage/", "once one lost part has failed for good, the others in flight are cancelled"),
            new ExpectedFailure("net::ERR_ABORTED", "/parts/", "a part being signed then is cancelled too"));
        using (var http = new HttpClient { BaseAddress = own.Server!.BaseAddress })
        {
            var saved = await http.PostAsJsonAsync("api/templates", new
            {
                name = "resume-screener",
                layers = new object[] { new { type = "text", text = "For {recipient}", position = "bottom-left", size = 0.08 } },
            });
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }

        await BatchJourneyTests.ChooseTemplateAsync(page, "resume-screener");
        await page.GetByLabel("Copies for recipients").CheckAsync();
        var csv = page.Locator("textarea[data-testid='recipients-csv'], [data-testid='recipients-csv'] textarea");
        await csv.FillAsync("recipient\nAna\nBo\nCy\n");
        await csv.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid='recipients-count']")).ToHaveAttributeAsync("data-count", "3");

        var letThrough = partCount - PartsInFlight;
        var listed = false;
        page.Request += (_, request) => listed |= request.Method == "GET" && request.Url.Contains("/parts?uploadId=", StringComparison.Ordinal);
        var parts = await InterruptAsync(page, letThrough, route => Volatile.Read(ref listed) ? route.ContinueAsync() : route.AbortAsync("connectionfailed"));
        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await parts.Finished.WaitAsync(TimeSpan.FromSeconds(60));

        var row = page.Locator($"[data-upload='{FileName}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "failed", new() { Timeout = 60_000 });
        await Assertions.Expect(row.Locator("[data-testid='upload-error']")).ToContainTextAsync("Retry sends only the parts still missing.");
        var sentAgain = CountPartsSent(page);
        await row.Locator("[data-testid='retry-upload']").ClickAsync();

        await Assertions.Expect(row.Locator("[data-testid='upload-resumed']")).ToHaveTextAsync($"Resuming: {letThrough} of {partCount} parts already uploaded");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "uploaded", new() { Timeout = 60_000 });
        Assert.Equal(partCount - letThrough, sentAgain());
        await fixture.ScreenshotAsync(page, "resume-batch-" + width);

        // The one batch the first attempt announced gets the video: its three copies are made, and no second batch appears.
        await row.Locator("[data-testid='open-batch']").ClickAsync();
        await Assertions.Expect(page.Locator(".batch-row")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-testid='batch-summary']")).ToHaveAttributeAsync("data-done", "3", new() { Timeout = 240_000 });
        var jobs = own.Server.Services.GetRequiredService<JobIndex>().All().Where(j => j.FileName == FileName).ToList();
        Assert.Equal(3, jobs.Count);
        Assert.Single(jobs.Select(j => j.BatchId).Distinct());
        Assert.All(jobs, j => Assert.Equal((JobState.Succeeded, 1), (j.State, j.Attempts)));
        var store = own.Server.Services.GetRequiredService<IObjectStore>();
        await using var stored = await store.OpenReadAsync(Assert.Single(jobs.Select(j => j.InputKey).Distinct()));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(clip))), Convert.ToHexString(await SHA256.HashDataAsync(stored)));
        fixture.AssertNoBrowserErrors(page);
    }

    private async Task<(IPage Page, string Clip, int PartCount)> OpenWithClipAsync(OwnPortal own, string width, params ExpectedFailure[] expected)
    {
        own.Start(new PortalServer(new Dictionary<string, string?>
        {
            ["VideoWatermark:Portal:PartSizeBytes"] = PartSize.ToString(CultureInfo.InvariantCulture),
        }));
        var clip = TestMedia.Clip(Path.Combine(own.Work, FileName), new ClipOptions { Width = 640, Height = 360, Seconds = 5, Noise = 80 });
        var partCount = (int)((new FileInfo(clip).Length + PartSize - 1) / PartSize);
        Assert.True(partCount > 2 * PartsInFlight, $"the clip takes only {partCount} parts: losing {PartsInFlight} would be half of them");

        var page = await own.OpenPageAsync(fixture, BrowserFixture.Viewport(width), expected);
        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        await page.Locator($"[data-upload='{FileName}']").WaitForAsync();
        return (page, clip, partCount);
    }

    /// <summary>
    /// Lets the first <paramref name="letThrough"/> part uploads reach the store and hands every later one to
    /// <paramref name="cut"/>; <see cref="PartGate.Finished"/> completes once the store has answered the ones let through.
    /// </summary>
    private static async Task<PartGate> InterruptAsync(IPage page, int letThrough, Func<IRoute, Task> cut)
    {
        var gate = new PartGate();
        var started = 0;
        var answered = 0;
        page.Response += (_, response) =>
        {
            if (IsPart(response.Request) && response.Ok && Interlocked.Increment(ref answered) == letThrough)
            {
                gate.Done.TrySetResult();
            }
        };
        await page.RouteAsync("**/storage/blobs/**", async route =>
        {
            if (!IsPart(route.Request) || Interlocked.Increment(ref started) <= letThrough)
            {
                await route.ContinueAsync();
                return;
            }

            await cut(route);
        });
        return gate;
    }

    /// <summary>
    /// Counts the parts the page sends from now on (each part once, by its number in the signed URL), as the store
    /// would see them arrive. A part of the failed attempt still retrying in the background sends a part the retry
    /// sends too; counted twice it made a lost-connection run report 6 of 4 missing parts.
    /// </summary>
    private static Func<int> CountPartsSent(IPage page)
    {
        var sent = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        page.Request += (_, request) =>
        {
            if (IsPart(request))
            {
                sent.TryAdd(SignedStoreUrl.PartNumber(request.Url), true);
            }
        };
        return () => sent.Count;
    }

    private async Task AssertResumedAsync(OwnPortal own, IPage page, string clip, int partCount, int held, Func<int> sentAgain, string screenshot)
    {
        var row = page.Locator($"[data-upload='{FileName}']");
        await Assertions.Expect(row.Locator("[data-testid='upload-resumed']")).ToHaveTextAsync($"Resuming: {held} of {partCount} parts already uploaded");
        await fixture.ScreenshotAsync(page, screenshot);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "uploaded", new() { Timeout = 60_000 });
        Assert.Equal(partCount - held, sentAgain());
        Assert.True(sentAgain() < partCount / 2.0, $"{sentAgain()} of {partCount} parts were sent again");

        // The one job the first attempt started gets the video and finishes; no second job appears beside it.
        await page.Locator("[data-nav='Jobs']").ClickAsync();
        var jobRow = page.Locator(".job-row", new() { HasText = FileName });
        await Assertions.Expect(jobRow).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(jobRow).ToHaveCountAsync(1);

        // What the store assembled from the parts of both attempts is the chosen file, byte for byte.
        var job = Assert.Single(own.Server!.Services.GetRequiredService<JobIndex>().All(), j => j.FileName == FileName);
        var store = own.Server.Services.GetRequiredService<IObjectStore>();
        await using var stored = await store.OpenReadAsync(job.InputKey);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(clip))), Convert.ToHexString(await SHA256.HashDataAsync(stored)));
        fixture.AssertNoBrowserErrors(page);
    }

    private static bool IsPart(IRequest request) => request.Method == "PUT" && request.Url.Contains("/storage/blobs/", StringComparison.Ordinal);

    private sealed class PartGate
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Finished => Done.Task;
    }
}
