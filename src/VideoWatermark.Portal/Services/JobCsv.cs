using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// The job list as CSV for a spreadsheet. File names and errors come from users: a cell starting with =, +, - or @
/// would run as a formula when opened, so such cells are written with a leading apostrophe (CSV injection).
/// </summary>
public static class JobCsv
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    /// <summary>Writes <paramref name="jobs"/> to <paramref name="output"/> as UTF-8 CSV, one row per job after a header.</summary>
    public static async Task WriteAsync(IEnumerable<Job> jobs, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await using var csv = new CsvWriter(writer, Configuration);
        foreach (var header in new[] { "id", "file", "state", "owner", "created", "started", "finished", "input_bytes", "output_bytes", "watermark", "position", "attempts", "error", "output_key" })
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        foreach (var job in jobs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            csv.WriteField(job.Id);
            csv.WriteField(job.FileName);
            csv.WriteField(JobStates.Name(job.State));
            csv.WriteField(job.Owner);
            csv.WriteField(Time(job.CreatedAt));
            csv.WriteField(Time(job.StartedAt));
            csv.WriteField(Time(job.FinishedAt));
            csv.WriteField(job.InputSize);
            csv.WriteField(job.OutputSize);
            csv.WriteField(ObjectKeys.FileName(job.Watermark.Image));
            csv.WriteField(job.Watermark.Position.ToName());
            csv.WriteField(job.Attempts);
            csv.WriteField(job.Error);
            csv.WriteField(job.State == JobState.Succeeded ? job.OutputKey : null);
            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
    }

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
