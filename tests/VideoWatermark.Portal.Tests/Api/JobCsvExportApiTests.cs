using System.Globalization;
using System.Net;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>The job list as CSV: what a spreadsheet opens, with user text that cannot run as a formula.</summary>
public sealed class JobCsvExportApiTests : IDisposable
{
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task The_export_lists_the_selected_jobs_and_formula_like_cells_are_escaped()
    {
        var http = portal.CreateClient();
        var jobs = portal.Services.GetRequiredService<JobStore>();
        var failed = await AddAsync(jobs, "=HYPERLINK(\"http://x\") csvtest.mp4", JobState.Failed, "-2+3 frames lost", new DateTimeOffset(2021, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var done = await AddAsync(jobs, "plain, \"quoted\" csvtest.mp4", JobState.Succeeded, null, DateTimeOffset.UtcNow);
        await AddAsync(jobs, "other.mp4", JobState.Succeeded, null);

        var rows = await Eventually.WaitAsync(
            async () =>
            {
                var read = await ReadAsync(http, "/api/jobs/export.csv?search=csvtest");
                return read.Count == 3 ? read : null;
            },
            TimeSpan.FromSeconds(30),
            () => "the export never listed both csvtest jobs");

        Assert.Equal("id", rows[0][0]);
        var byId = rows.Skip(1).ToDictionary(r => r[0]);
        Assert.Equal("'=HYPERLINK(\"http://x\") csvtest.mp4", byId[failed.Id][1]);
        Assert.Equal("failed", byId[failed.Id][2]);
        Assert.Equal("'-2+3 frames lost", byId[failed.Id][12]);
        Assert.Equal("plain, \"quoted\" csvtest.mp4", byId[done.Id][1]);
        Assert.Equal(done.OutputKey, byId[done.Id][13]);

        var onlyFailed = await ReadAsync(http, "/api/jobs/export.csv?state=failed&search=csvtest");
        Assert.Equal([failed.Id], onlyFailed.Skip(1).Select(r => r[0]));

        // Days in the portal's time zone, both ends included; noon UTC is that day in all but the farthest zones.
        var firstOfMay = await ReadAsync(http, "/api/jobs/export.csv?search=csvtest&from=2021-05-01&to=2021-05-01");
        Assert.Equal([failed.Id], firstOfMay.Skip(1).Select(r => r[0]));
        var sinceMay = await ReadAsync(http, "/api/jobs/export.csv?search=csvtest&from=2021-05-02");
        Assert.Equal([done.Id], sinceMay.Skip(1).Select(r => r[0]));
    }

    private static async Task<List<string[]>> ReadAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("jobs.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var reader = new StringReader(await response.Content.ReadAsStringAsync());
        using var csv = new CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await csv.ReadAsync())
        {
            rows.Add(csv.Record!);
        }

        return rows;
    }

    private static async Task<Job> AddAsync(JobStore jobs, string name, JobState state, string? error, DateTimeOffset created = default)
    {
        var id = JobIds.New();
        var input = ObjectKeys.PortalUploadKey(id, "in.mp4");
        var job = new Job { Id = id, State = state, InputKey = input, OutputKey = ObjectKeys.OutputKey(input), FileName = name, Error = error, Attempts = 1, Owner = "admin", CreatedAt = created };
        Assert.True(await jobs.TryCreateAsync(job));
        return job;
    }

    public void Dispose() => portal.Dispose();
}
