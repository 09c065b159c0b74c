using System.IO.Compression;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary><c>POST /api/jobs/archive</c>: the chosen jobs' results as one ZIP, or a refusal before any byte.</summary>
public sealed class JobArchiveApiTests : IDisposable
{
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task The_chosen_results_come_as_one_zip_with_each_output_byte_for_byte_and_a_name_used_twice_kept_apart()
    {
        var first = await AddSucceededAsync("take.mp4", [1, 2, 3]);
        var second = await AddSucceededAsync("take.mp4", [4, 5, 6, 7]);
        var http = portal.CreateClient();

        using var response = await http.PostAsync("/api/jobs/archive", Form(first.Id, second.Id, first.Id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".zip", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["watermark-take.mp4", "watermark-take (2).mp4"], zip.Entries.Select(e => e.FullName));
        Assert.Equal([1, 2, 3], Read(zip.Entries[0]));
        Assert.Equal([4, 5, 6, 7], Read(zip.Entries[1]));
    }

    [Fact]
    public async Task A_job_with_no_result_or_an_empty_choice_is_refused_naming_it_and_nothing_is_sent()
    {
        var done = await AddSucceededAsync("done.mp4", [1]);
        var failed = await AddAsync("broken.mov", JobState.Failed);
        var http = portal.CreateClient();

        using var refused = await http.PostAsync("/api/jobs/archive", Form(done.Id, failed.Id));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("broken.mov is failed", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var empty = await http.PostAsync("/api/jobs/archive", Form());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        using var unknown = await http.PostAsync("/api/jobs/archive", Form("no-such-job"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    public void Dispose() => portal.Dispose();

    private static FormUrlEncodedContent Form(params string[] ids) => new(ids.Select(id => new KeyValuePair<string, string>("id", id)));

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var data = entry.Open();
        using var copy = new MemoryStream();
        data.CopyTo(copy);
        return copy.ToArray();
    }

    private async Task<Job> AddSucceededAsync(string name, byte[] output)
    {
        var job = await AddAsync(name, JobState.Succeeded);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, output);
            await portal.Services.GetRequiredService<IObjectStore>().UploadAsync(job.OutputKey, file, "video/mp4");
        }
        finally
        {
            File.Delete(file);
        }

        return job;
    }

    private async Task<Job> AddAsync(string name, JobState state)
    {
        var id = JobIds.New();
        var input = ObjectKeys.PortalUploadKey(id, name);
        var job = new Job { Id = id, State = state, InputKey = input, OutputKey = ObjectKeys.OutputKey(input), FileName = name, Attempts = 1, Owner = "admin" };
        Assert.True(await portal.Services.GetRequiredService<JobStore>().TryCreateAsync(job));
        return job;
    }
}
