using Microsoft.Extensions.Logging;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>
/// The job id on every log line of a run: a structured <c>JobId</c> property, and "Job &lt;id&gt;" in the console's
/// scope text, so messages need not spell it out and a run's lines can be filtered together.
/// </summary>
public static class JobLogScope
{
    public static IDisposable? Begin(ILogger logger, string jobId) => logger.BeginScope("Job {JobId}", jobId);
}
