using System.CommandLine;
using System.Globalization;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine;

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
        var encode = new EncodeOptions();

        var command = new Command("apply", "Watermark one video file. Exit codes: 0 done, 2 bad arguments, 3 unusable input, 4 ffmpeg failed.")
        {
            input,
            output,
            log,
            overwrite,
            template,
            variables,
        };
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

            var outputFile = result.GetValue(output)!;
            if (outputFile.Exists && !result.GetValue(overwrite))
            {
                return await Failures.UsageAsync($"'{outputFile.Name}' already exists: choose another --output or pass --overwrite.");
            }

            var inputFile = result.GetValue(input)!;
            if (result.GetValue(template) is { } templateFile)
            {
                return await ApplyTemplateAsync(templateFile, result.GetValue(variables) ?? [], inputFile, outputFile, result.GetValue(log), options, cancellationToken);
            }

            using var watermark = new WatermarkFile(result.GetValue(encode.Watermark));
            using var engine = new FfmpegWatermarkEngine(options);
            var progress = new ProgressLine(inputFile.Name);
            try
            {
                var done = await engine.ApplyAsync(
                    new WatermarkRequest(inputFile.FullName, watermark.Path, outputFile.FullName, spec, result.GetValue(log)?.FullName),
                    progress,
                    cancellationToken);
                progress.Finish();
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"done in {done.Elapsed.TotalSeconds:0.0} s: {done.OutputSize} bytes; log {done.LogPath}"));
                await Console.Out.WriteLineAsync(done.OutputPath);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is VideoRejectedException or EncodeFailedException or OperationCanceledException)
            {
                progress.Finish();
                return await Failures.ReportAsync(e);
            }
        });
        return command;
    }

    private static async Task<int> ApplyTemplateAsync(FileInfo templateFile, string[] pairs, FileInfo inputFile, FileInfo outputFile, FileInfo? log, EngineOptions options, CancellationToken cancellationToken)
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
            var done = await engine.ApplyTemplateAsync(
                new TemplateRequest(inputFile.FullName, outputFile.FullName, template, tokens, templateFile.DirectoryName!, log?.FullName),
                progress,
                cancellationToken);
            progress.Finish();
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"done in {done.Elapsed.TotalSeconds:0.0} s: {done.OutputSize} bytes; log {done.LogPath}"));
            await Console.Out.WriteLineAsync(done.OutputPath);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is InvalidInputException or VideoRejectedException or EncodeFailedException or OperationCanceledException)
        {
            progress.Finish();
            return await Failures.ReportAsync(e);
        }
    }
}
