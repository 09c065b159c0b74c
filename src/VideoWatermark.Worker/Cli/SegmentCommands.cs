using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using VideoWatermark.Engine;
using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Worker.Cli;

/// <summary>
/// <c>segments plan|encode|join</c>: split and stitch one step per process, as the pipeline runs it on separate
/// workers (the engine's <see cref="ISegmentEngine"/>: the cut a job's run makes, one segment's encode, the join), so
/// a script or the bench can run each segment as a worker process of its own. The plan travels as a JSON file.
/// Each step prints one JSON line: the step, the segments concerned and its wall seconds.
/// </summary>
internal static class SegmentCommands
{
    public static Command Create() =>
        new("segments", "Split and stitch one step per process, as the pipeline's workers run it: plan, encode one segment, join.")
        {
            PlanCommand(),
            EncodeCommand(),
            JoinCommand(),
        };

    private static Option<FileInfo> Input() => new("--input", "-i") { Description = "The video (.mp4, .mov, .m4v, .mkv, .webm).", Required = true };

    private static Option<FileInfo> PlanFile() => new("--plan") { Description = "The plan file (JSON) that segments plan writes.", Required = true };

    private static Command PlanCommand()
    {
        var input = Input();
        var plan = PlanFile();
        var seconds = new Option<double>("--segment-seconds") { Description = "About how long each segment is (the pipeline's SegmentSeconds).", Required = true };
        var command = new Command("plan", "Probe the video's frames and cut it at keyframes into segments of about --segment-seconds; write the plan.") { input, plan, seconds };
        command.SetAction(async (result, cancellationToken) =>
        {
            var segmentSeconds = result.GetValue(seconds);
            if (!(segmentSeconds > 0))
            {
                return await Failures.UsageAsync("--segment-seconds must be positive.");
            }

            var inputFile = result.GetValue(input)!;
            using var engine = new FfmpegWatermarkEngine(new EngineOptions());
            var clock = Stopwatch.StartNew();
            try
            {
                // Never "too short to split" here: the caller asked for the cut (0 is the pipeline's SplitAboveSeconds floor).
                var planned = await engine.PlanAsync(inputFile.FullName, inputFile.Name, 0, segmentSeconds, cancellationToken);
                IReadOnlyList<VideoSegment> segments = planned?.Segments ?? [];
                if (segments.Count == 0)
                {
                    return await Failures.ReportAsync(new VideoRejectedException($"'{inputFile.Name}' has too few keyframes for two segments of about {segmentSeconds.ToString(CultureInfo.InvariantCulture)} s."));
                }

                await File.WriteAllTextAsync(result.GetValue(plan)!.FullName, JsonSerializer.Serialize(new SegmentPlanFile([.. segments]), SegmentJson.Default.SegmentPlanFile), cancellationToken);
                return await ReportAsync(new SegmentStep("plan", segments.Count, null, Seconds(clock)));
            }
            catch (Exception e) when (e is VideoRejectedException or EncodeFailedException or OperationCanceledException)
            {
                return await Failures.ReportAsync(e);
            }
        });
        return command;
    }

    private static Command EncodeCommand()
    {
        var input = Input();
        var plan = PlanFile();
        var index = new Option<int>("--index") { Description = "The segment to encode (0 for the first).", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where the segment's file goes (video only, for the join).", Required = true };
        var encode = new EncodeOptions();
        var command = new Command("encode", "Encode one segment of the plan, watermarked, as one segment's worker does.") { input, plan, index, output };
        foreach (var option in encode.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var (spec, specError) = encode.ReadSpec(result);
            var (options, optionsError) = encode.ReadEngineOptions(result);
            if (spec is null || options is null)
            {
                return await Failures.UsageAsync(specError ?? optionsError!);
            }

            var (segments, planError) = await ReadPlanAsync(result.GetValue(plan)!, cancellationToken);
            if (segments is null)
            {
                return await Failures.UsageAsync(planError!);
            }

            var wanted = result.GetValue(index);
            if (wanted < 0 || wanted >= segments.Count)
            {
                return await Failures.UsageAsync($"--index {wanted.ToString(CultureInfo.InvariantCulture)} is not a segment of the plan (0 to {(segments.Count - 1).ToString(CultureInfo.InvariantCulture)}).");
            }

            using var watermark = new WatermarkFile(result.GetValue(encode.Watermark));
            using var engine = new FfmpegWatermarkEngine(options);
            var inputFile = result.GetValue(input)!;
            var clock = Stopwatch.StartNew();
            try
            {
                await engine.EncodeSegmentAsync(new WatermarkRequest(inputFile.FullName, watermark.Path, result.GetValue(output)!.FullName, spec), segments[wanted], null, cancellationToken);
                return await ReportAsync(new SegmentStep("encode", 1, wanted, Seconds(clock)));
            }
            catch (Exception e) when (e is VideoRejectedException or EncodeFailedException or OperationCanceledException)
            {
                return await Failures.ReportAsync(e);
            }
        });
        return command;
    }

    private static Command JoinCommand()
    {
        var input = Input();
        var plan = PlanFile();
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where the joined MP4 goes.", Required = true };
        var files = new Argument<FileInfo[]>("segment-files") { Description = "Every segment's file, in the plan's order.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("join", "Join the segments' files by stream copy with the source's audio copied once, and check the result frame by frame against the source.") { input, plan, output, files };
        command.SetAction(async (result, cancellationToken) =>
        {
            var (segments, planError) = await ReadPlanAsync(result.GetValue(plan)!, cancellationToken);
            if (segments is null)
            {
                return await Failures.UsageAsync(planError!);
            }

            var given = result.GetValue(files)!;
            if (given.Length != segments.Count)
            {
                return await Failures.UsageAsync($"The plan has {segments.Count.ToString(CultureInfo.InvariantCulture)} segments; {given.Length.ToString(CultureInfo.InvariantCulture)} files were given.");
            }

            using var engine = new FfmpegWatermarkEngine(new EngineOptions());
            var clock = Stopwatch.StartNew();
            try
            {
                await engine.JoinAsync(new SegmentJoinRequest(result.GetValue(input)!.FullName, segments, [.. given.Select(f => f.FullName)], result.GetValue(output)!.FullName), cancellationToken);
                return await ReportAsync(new SegmentStep("join", segments.Count, null, Seconds(clock)));
            }
            catch (Exception e) when (e is VideoRejectedException or EncodeFailedException or OperationCanceledException)
            {
                return await Failures.ReportAsync(e);
            }
        });
        return command;
    }

    private static async Task<(IReadOnlyList<VideoSegment>? Segments, string? Error)> ReadPlanAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            return (null, $"The plan '{file.Name}' does not exist: write it with segments plan.");
        }

        try
        {
            var plan = JsonSerializer.Deserialize(await File.ReadAllTextAsync(file.FullName, cancellationToken), SegmentJson.Default.SegmentPlanFile);
            return plan is { Segments.Count: > 0 } ? (plan.Segments, null) : (null, $"The plan '{file.Name}' holds no segments.");
        }
        catch (JsonException e)
        {
            return (null, $"The plan '{file.Name}' is not a plan: {e.Message}");
        }
    }

    private static async Task<int> ReportAsync(SegmentStep step)
    {
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(step, SegmentJson.Default.SegmentStep));
        return ExitCodes.Success;
    }

    private static double Seconds(Stopwatch clock) => Math.Round(clock.Elapsed.TotalSeconds, 3);
}

/// <summary>What <c>segments plan</c> writes and the other steps read.</summary>
internal sealed record SegmentPlanFile(IReadOnlyList<VideoSegment> Segments);

/// <summary>The one JSON line a step prints.</summary>
/// <param name="Index">The segment encoded (encode only).</param>
internal sealed record SegmentStep(string Step, int Segments, int? Index, double Seconds);

/// <summary>Source-generated, as the worker's other JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SegmentPlanFile))]
[JsonSerializable(typeof(SegmentStep))]
internal sealed partial class SegmentJson : JsonSerializerContext;
