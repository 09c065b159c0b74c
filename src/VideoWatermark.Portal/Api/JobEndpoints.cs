using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Events;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Api;

public static class JobEndpoints
{
    public static RouteGroupBuilder MapJobEndpoints(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs");

        jobs.MapGet("", (JobIndex index, TimeProvider time, string? state, string? search, string? from, string? to, int? limit) =>
        {
            var take = Math.Clamp(limit ?? 1000, 1, 100_000);
            var dates = JobDateRange.Parse(from, to, time.LocalTimeZone);
            return TypedResults.Ok(index.Query(ParseState(state), search, dates).Take(take).Select(j => JobView.From(j)));
        });

        // Every job the filter, search and dates select, streamed row by row; the page's Export CSV link passes its own.
        jobs.MapGet("/export.csv", (JobIndex index, TimeProvider time, string? state, string? search, string? from, string? to) =>
        {
            var selected = index.Query(ParseState(state), search, JobDateRange.Parse(from, to, time.LocalTimeZone));
            return TypedResults.Stream(stream => JobCsv.WriteAsync(selected, stream), "text/csv; charset=utf-8", "jobs.csv");
        });

        // A form post (the jobs page's "Download ZIP"), so a selection of hundreds of ids fits where a link would not;
        // every job is checked before the first byte, so a refusal is a problem response, not a cut-short ZIP.
        jobs.MapPost("/archive", async (HttpRequest request, JobArchive archive, TimeProvider time, CancellationToken ct) =>
        {
            var ids = request.HasFormContentType ? (await request.ReadFormAsync(ct))["id"].OfType<string>().ToList() : [];
            var chosen = await archive.ChooseAsync(ids, ct);
            return TypedResults.Stream(body => archive.WriteAsync(chosen, body, ct), "application/zip",
                $"watermarked-{time.GetUtcNow():yyyy-MM-dd-HHmm}.zip");
        }).Accepts<IFormCollection>("application/x-www-form-urlencoded");
        jobs.MapGet("/{id}", async (string id, JobActions actions, EventOutbox outbox, HttpRequest request, CancellationToken ct) =>
        {
            var job = await actions.GetAsync(id, ct) ?? throw NoJob(id);
            var download = await actions.OutputUrlAsync(job, inline: false, ct);
            var events = await outbox.ForJobAsync(job, ct);
            return TypedResults.Ok(JobView.From(
                job,
                download is null ? null : Urls.Absolute(request, download),
                job.LogKey is null ? null : Urls.Absolute(request, $"/api/jobs/{job.Id}/log")) with
            {
                Webhooks = [.. events.Select(WebhookEventView.From)],
            });
        });

        jobs.MapGet("/{id}/log", async (string id, JobActions actions, CancellationToken ct) =>
        {
            var job = await actions.GetAsync(id, ct);
            var log = (job is null ? null : await actions.ReadLogAsync(job, ct)) ?? throw new NotFoundException($"Job {id} has no log.");
            return TypedResults.Text(log, "text/plain; charset=utf-8");
        });

        // Stable links for the page and for scripts; each visit gets a freshly signed URL.
        jobs.MapGet("/{id}/download", (string id, JobActions actions, CancellationToken ct) => RedirectToOutputAsync(id, actions, inline: false, ct));
        jobs.MapGet("/{id}/play", (string id, JobActions actions, CancellationToken ct) => RedirectToOutputAsync(id, actions, inline: true, ct));

        jobs.MapPost("/{id}/retry", async (string id, JobActions actions, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(JobView.From(await actions.RetryAsync(id, user, ct))));

        // A new job for the same stored video with another watermark or template: no upload.
        jobs.MapPost("/{id}/rerun", async (string id, RunAgainRequest body, JobActions actions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var job = await actions.RunAgainAsync(id, body, user, ct);
            return TypedResults.Created($"/api/jobs/{job.Id}", JobView.From(job));
        });

        // A frame of the output for the player, made once on first request and kept beside the job's record.
        jobs.MapGet("/{id}/poster", async (string id, JobActions actions, JobPosters posters, CancellationToken ct) =>
        {
            var job = await actions.GetAsync(id, ct) ?? throw NoJob(id);
            var poster = await posters.OpenAsync(job, ct);
            return TypedResults.Stream(poster, JobPosters.ContentType);
        });

        jobs.MapPost("/{id}/cancel", async (string id, JobActions actions, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(JobView.From(await actions.CancelAsync(id, user, ct))));

        jobs.MapDelete("/{id}", async (string id, JobActions actions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await actions.DeleteAsync(id, user, ct);
            return TypedResults.NoContent();
        });

        return api;
    }

    private static async Task<RedirectHttpResult> RedirectToOutputAsync(string id, JobActions actions, bool inline, CancellationToken ct)
    {
        var job = await actions.GetAsync(id, ct) ?? throw NoJob(id);
        var url = await actions.OutputUrlAsync(job, inline, ct)
            ?? throw new ConflictException($"Job {id} is {JobActions.Describe(job.State)}; there is nothing to download yet.");
        return TypedResults.Redirect(url.OriginalString);
    }

    private static JobState? ParseState(string? state) =>
        string.IsNullOrWhiteSpace(state) ? null
        : Enum.TryParse<JobState>(state, ignoreCase: true, out var parsed) ? parsed
        : throw new InvalidInputException($"Unknown state '{state}': use one of {string.Join(", ", Enum.GetNames<JobState>().Select(n => n.ToLowerInvariant()))}.");

    private static NotFoundException NoJob(string id) => new($"No job {id}.");
}
