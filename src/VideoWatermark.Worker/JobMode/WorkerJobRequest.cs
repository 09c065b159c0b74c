using System.Globalization;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Core.Worker;

namespace VideoWatermark.Worker.JobMode;

/// <summary>
/// The job a worker container was started for, read from its environment. The original design's four variables are
/// enough; the dispatcher also sets the job id and the placement.
/// </summary>
/// <param name="Segment">Set when the task runs one segment of a split job (<see cref="WorkerEnvironment.SegmentIndex"/>).</param>
public sealed record WorkerJobRequest(string Bucket, string InputKey, string OutputKey, string? JobId, WatermarkSpec Watermark, int? Segment = null)
{
    /// <summary>Reads the request, or returns every problem with the environment, one sentence each.</summary>
    public static (WorkerJobRequest? Request, IReadOnlyList<string> Problems) FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<string>();
        string? Get(string name) => environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        if (!S3Path.TryParse(Get(WorkerEnvironment.InputVideoPath), out var input))
        {
            problems.Add($"{WorkerEnvironment.InputVideoPath} must be an s3://bucket/{ObjectKeys.UnprocessedPrefix}… path.");
            return (null, problems);
        }

        if (!input.Key.StartsWith(ObjectKeys.UnprocessedPrefix, StringComparison.Ordinal))
        {
            problems.Add($"{WorkerEnvironment.InputVideoPath} must name a video under {ObjectKeys.UnprocessedPrefix}.");
        }

        var bucket = Get(WorkerEnvironment.OutputBucket) ?? input.Bucket;
        if (bucket != input.Bucket)
        {
            problems.Add($"The input's bucket '{input.Bucket}' and {WorkerEnvironment.OutputBucket} '{bucket}' differ; the pipeline works in one bucket.");
        }

        var watermarkKey = ObjectKeys.DefaultWatermarkKey;
        if (Get(WorkerEnvironment.WatermarkPath) is { } watermarkPath)
        {
            if (!S3Path.TryParse(watermarkPath, out var watermark))
            {
                problems.Add($"{WorkerEnvironment.WatermarkPath} must be an s3://bucket/{ObjectKeys.WatermarksPrefix}… path.");
            }
            else if (watermark.Bucket != bucket)
            {
                problems.Add($"{WorkerEnvironment.WatermarkPath} is in bucket '{watermark.Bucket}', not '{bucket}'.");
            }
            else
            {
                watermarkKey = watermark.Key;
            }
        }

        var outputKey = Get(WorkerEnvironment.OutputVideoName)?.TrimStart('/');
        if (outputKey is null && problems.Count == 0)
        {
            outputKey = ObjectKeys.OutputKey(input.Key);
        }

        var jobId = Get(WorkerEnvironment.JobId);
        if (jobId is not null && !JobIds.IsValid(jobId))
        {
            problems.Add($"{WorkerEnvironment.JobId} '{jobId}' is not a job id.");
        }

        int? segment = null;
        if (Get(WorkerEnvironment.SegmentIndex) is { } segmentText)
        {
            if (!int.TryParse(segmentText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 9999)
            {
                problems.Add($"{WorkerEnvironment.SegmentIndex} '{segmentText}' is not a segment number.");
            }
            else if (jobId is null)
            {
                problems.Add($"{WorkerEnvironment.SegmentIndex} needs {WorkerEnvironment.JobId}: a segment belongs to a job.");
            }
            else
            {
                segment = index;
            }
        }

        var spec = new WatermarkSpec { Image = watermarkKey };
        if (Get(WorkerEnvironment.WatermarkPosition) is { } position)
        {
            if (AnchorNames.TryParse(position, out var anchor))
            {
                spec = spec with { Position = anchor };
            }
            else
            {
                problems.Add($"{WorkerEnvironment.WatermarkPosition} '{position}' is not one of {string.Join(", ", AnchorNames.All)}.");
            }
        }

        spec = spec with
        {
            Margin = Number(WorkerEnvironment.WatermarkMargin, spec.Margin),
            Scale = Number(WorkerEnvironment.WatermarkScale, spec.Scale),
            Opacity = Number(WorkerEnvironment.WatermarkOpacity, spec.Opacity),
        };
        problems.AddRange(spec.Problems());

        return problems.Count > 0 ? (null, problems) : (new WorkerJobRequest(bucket, input.Key, outputKey!, jobId, spec, segment), problems);

        double Number(string name, double fallback)
        {
            var text = Get(name);
            if (text is null)
            {
                return fallback;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            problems.Add($"{name} '{text}' is not a number.");
            return fallback;
        }
    }
}
