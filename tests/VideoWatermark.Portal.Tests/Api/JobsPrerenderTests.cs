using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Services;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Storage.Disk;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>The jobs page as the server sends it, before any script runs, with thousands of job records on disk.</summary>
public sealed partial class JobsPrerenderTests : IDisposable
{
    private const int Many = 2_000;
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task The_served_page_already_shows_the_newest_jobs_of_two_thousand_records()
    {
        // Written through a JobStore over the portal's data folder before the portal starts, so its start-up loads them.
        var jobs = new JobStore(new DiskObjectStore(new DiskStoreOptions { Root = portal.DataDir }, []), TimeProvider.System);
        var t0 = DateTimeOffset.UtcNow.AddDays(-10);
        var ids = new string[Many];
        await Parallel.ForAsync(0, Many, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var id = JobIds.New();
            ids[i] = id;
            var input = ObjectKeys.PortalUploadKey(id, $"clip-{i:0000}.mp4");
            Assert.True(await jobs.TryCreateAsync(new Job
            {
                Id = id,
                State = i % 3 == 0 ? JobState.Failed : JobState.Succeeded,
                Error = i % 3 == 0 ? "The video has no video stream." : null,
                InputKey = input,
                OutputKey = ObjectKeys.OutputKey(input),
                FileName = $"clip-{i:0000}.mp4",
                CreatedAt = t0.AddMinutes(i),
            }, ct));
        });
        var index = portal.Services.GetRequiredService<JobIndex>();
        var http = portal.CreateClient();
        await Eventually.UntilAsync(() => index.Count >= Many, TimeSpan.FromSeconds(60), () => $"the index holds {index.Count} of {Many} jobs");

        var html = await http.GetStringAsync(new Uri("/jobs", UriKind.Relative));

        var rows = RowPattern().Matches(html).Select(m => (Id: m.Groups["id"].Value, State: m.Groups["state"].Value)).ToList();
        Assert.Equal(ids.Reverse().Take(rows.Count), rows.Select(r => r.Id));
        Assert.InRange(rows.Count, 10, 30);
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(k => (Many - 1 - k) % 3 == 0 ? "failed" : "succeeded"), rows.Select(r => r.State));
        Assert.Contains($"clip-{Many - 1:0000}.mp4", html, StringComparison.Ordinal);
        Assert.Contains($"{Many} jobs", html, StringComparison.Ordinal);
    }

    public void Dispose() => portal.Dispose();

    [GeneratedRegex(@"class=""job-row"" data-job=""(?<id>[0-9a-z]{26})"" data-state=""(?<state>[a-z]+)""")]
    private static partial Regex RowPattern();
}
