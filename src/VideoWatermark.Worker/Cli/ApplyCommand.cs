using System.CommandLine;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine;
using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Worker.Cli;

/// <summary><c>apply</c>: watermarks one local file.</summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "The video (.mp4, .mov, .m4v, .mkv, .webm).", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where the watermarked MP4 goes.", Required = true };
        var log = new Option<FileInfo?>("--log") { Description = "Where the ffmpeg log goes (default: beside the output, .log added)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the output if it exists (never the input)." };
        var template = new Option<FileInfo?>("--template") { Description = "A template file (JSON: layers of images and text); replaces --watermark and the placement options." };
        var variables = new Option<string[]>("--var") { Description = "A template variable as name=value (repeatable), e.g. --var recipient=\"Ana Díaz\".", AllowMultipleArgumentsPerToken = false };
        var segments = new Option<int?>("--segments")
        {
            Description = "Cut the video at keyframes into about N segments, encode them side by side (at most --max-parallel at once) and join them frame-exact; fewer when it has too few keyframes.",
        };
        var maxParallel = new Option<int?>("--max-parallel") { Description = "Segments encoded at once (default: the engine's MaxParallelEncodes)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON line at the end (output, frames, duration, segments, encodeSeconds, joinSeconds) instead of the output's path." };
        var encode = new EncodeOptions();

        var command = new Command("apply", "Watermark one video file, in one pass or in segments joined frame-exact. Exit codes: 0 done, 2 bad arguments, 3 unusable input, 4 ffmpeg failed.")
        {
            input,
            output,
            log,
            overwrite,
            template,
            variables,
            segments,
            maxParallel,
            json,
        };
        foreach (var option in encode.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var pieces = result.GetValue(segments) ?? 1;
            if (pieces < 1)
            {
                return await Failures.UsageAsync($"--segments {pieces} must be at least 1.");
            }

            var (spec, specError) = encode.ReadSpec(result);
            var (options, optionsError) = encode.ReadEngineOptions(result, result.GetValue(maxParallel) ?? (pieces > 1 ? new EngineOptions().MaxParallelEncodes : 1));
            if (spec is null || options is null)
            {
                return await Failures.UsageAsync(specError ?? optionsError!);
            }

            var split = pieces > 1 ? new SegmentOptions(pieces) : null;
            var asJson = result.GetValue(json);

            var outputFile = result.GetValue(output)!;
            if (outputFile.Exists && !result.GetValue(overwrite))
            {
                return await Failures.UsageAsync($"'{outputFile.Name}' already exists: choose another --output or pass --overwrite.");
            }

            var inputFile = result.GetValue(input)!;
            if (result.GetValue(template) is { } templateFile)
            {
                return await ApplyTemplateAsync(templateFile, result.GetValue(variables) ?? [], inputFile, outputFile, result.GetValue(log), options, split, asJson, cancellationToken);
            }

            using var watermark = new WatermarkFile(result.GetValue(encode.Watermark));
            using var engine = new FfmpegWatermarkEngine(options);
            var progress = new ProgressLine(inputFile.Name);
            try
            {
                var request = new WatermarkRequest(inputFile.FullName, watermark.Path, outputFile.FullName, spec, result.GetValue(log)?.FullName);
                if (split is not null)
                {
                    var joined = await engine.ApplySegmentedAsync(request, split, progress, cancellationToken);
                    progress.Finish();
                    return await ApplyReport.SegmentedAsync(joined, asJson);
                }

                var done = await engine.ApplyAsync(request, progress, cancellationToken);
                progress.Finish();
                return await ApplyReport.OnePassAsync(engine, done, asJson, cancellationToken);
            }
            catch (Exception e) when (e is VideoRejectedException or EncodeFailedException or OperationCanceledException)
            {
                progress.Finish();
                return await Failures.ReportAsync(e);
            }
        });
        return command;
    }

    private static async Task<int> ApplyTemplateAsync(FileInfo templateFile, string[] pairs, FileInfo inputFile, FileInfo outputFile, FileInfo? log, EngineOptions options, SegmentOptions? split, bool asJson, CancellationToken cancellationToken)
    {
        WatermarkTemplate template;
        IReadOnlyDictionary<string, string> tokens;
        try
        {
            template = TemplateFile.Read(templateFile);
            tokens = TokenValues.For(DateTimeOffset.UtcNow, inputFile.Name, null, TemplateFile.Variables(pairs));
        }
        catch (InvalidInputException e)
        {
            return await Failures.UsageAsync(e.Message);
        }

        using var engine = new FfmpegWatermarkEngine(options);
        var progress = new ProgressLine(inputFile.Name);
        try
        {
            var request = new TemplateRequest(inputFile.FullName, outputFile.FullName, template, tokens, templateFile.DirectoryName!, log?.FullName);
            if (split is not null)
            {
                var joined = await engine.ApplyTemplateSegmentedAsync(request, split, progress, cancellationToken);
                progress.Finish();
                return await ApplyReport.SegmentedAsync(joined, asJson);
            }

            var done = await engine.ApplyTemplateAsync(request, progress, cancellationToken);
            progress.Finish();
            return await ApplyReport.OnePassAsync(engine, done, asJson, cancellationToken);
        }
        catch (Exception e) when (e is InvalidInputException or VideoRejectedException or EncodeFailedException or OperationCanceledException)
        {
            progress.Finish();
            return await Failures.ReportAsync(e);
        }
    }
}
