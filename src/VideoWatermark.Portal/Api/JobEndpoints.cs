using System.Security.Claims;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Api;

public static class JobEndpoints
{
    public static RouteGroupBuilder MapJobEndpoints(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs");

        jobs.MapGet("", (JobIndex index, string? state, string? search, int? limit) =>
        {
            JobState? filter = null;
            if (!string.IsNullOrWhiteSpace(state))
            {
                filter = Enum.TryParse<JobState>(state, ignoreCase: true, out var parsed)
                    ? parsed
                    : throw new RequestRefusedException($"Unknown state '{state}': use one of {string.Join(", ", Enum.GetNames<JobState>().Select(n => n.ToLowerInvariant()))}.");
            }

            var take = Math.Clamp(limit ?? 1000, 1, 100_000);
            return Results.Ok(index.Query(filter, search).Take(take).Select(j => JobView.From(j)));
        });

        jobs.MapGet("/{id}", async (string id, JobActions actions, HttpRequest request, CancellationToken ct) =>
        {
            var job = await actions.GetAsync(id, ct);
            if (job is null)
            {
                return Results.Json(new ErrorView($"No job {id}."), statusCode: StatusCodes.Status404NotFound);
            }

            var download = await actions.OutputUrlAsync(job, inline: false, ct);
            return Results.Ok(JobView.From(
                job,
                download is null ? null : Urls.Absolute(request, download),
                job.LogKey is null ? null : Urls.Absolute(request, $"/api/jobs/{job.Id}/log")));
        });

        jobs.MapGet("/{id}/log", async (string id, JobActions actions, CancellationToken ct) =>
        {
            var job = await actions.GetAsync(id, ct);
            var log = job is null ? null : await actions.ReadLogAsync(job, ct);
            return log is null
                ? Results.Json(new ErrorView($"Job {id} has no log."), statusCode: StatusCodes.Status404NotFound)
                : Results.Text(log, "text/plain; charset=utf-8");
        });

        // Stable links for the page and for scripts; each visit gets a freshly signed URL.
        jobs.MapGet("/{id}/download", (string id, JobActions actions, CancellationToken ct) => RedirectToOutputAsync(id, actions, inline: false, ct));
        jobs.MapGet("/{id}/play", (string id, JobActions actions, CancellationToken ct) => RedirectToOutputAsync(id, actions, inline: true, ct));

        jobs.MapPost("/{id}/retry", async (string id, JobActions actions, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(JobView.From(await actions.RetryAsync(id, user, ct))));

        jobs.MapPost("/{id}/cancel", async (string id, JobActions actions, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(JobView.From(await actions.CancelAsync(id, user, ct))));

        return api;
    }

    private static async Task<IResult> RedirectToOutputAsync(string id, JobActions actions, bool inline, CancellationToken ct)
    {
        var job = await actions.GetAsync(id, ct);
        if (job is null)
        {
            return Results.Json(new ErrorView($"No job {id}."), statusCode: StatusCodes.Status404NotFound);
        }

        var url = await actions.OutputUrlAsync(job, inline, ct);
        return url is null
            ? Results.Json(new ErrorView($"Job {id} is {JobActions.Describe(job.State)}; there is nothing to download yet."), statusCode: StatusCodes.Status409Conflict)
            : Results.Redirect(url.OriginalString);
    }
}
