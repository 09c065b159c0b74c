using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using VideoWatermark.Engine;

namespace VideoWatermark.Worker.Cli;

/// <summary>
/// <c>batch</c> (hidden, for the benchmark): hands every input to one engine at once, so they queue on the engine's
/// own gate exactly as the local worker pool's jobs do, and prints the wall time.
/// </summary>
internal static class BatchCommand
{
    public static Command Create()
    {
        var inputs = new Argument<FileInfo[]>("inputs") { Description = "The videos.", Arity = ArgumentArity.OneOrMore };
        var outputDir = new Option<DirectoryInfo>("--output-dir") { Description = "Where the outputs go (watermark-<name>.mp4).", Required = true };
        var parallel = new Option<int?>("--max-parallel") { Description = "The engine's MaxParallelEncodes (default: the engine's default)." };
        var encode = new EncodeOptions();

        var command = new Command("batch", "Watermark many files through one engine (benchmark helper).") { inputs, outputDir, parallel };
        command.Hidden = true;
        foreach (var option in encode.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var (spec, specError) = encode.ReadSpec(result);
            var (options, optionsError) = encode.ReadEngineOptions(result, result.GetValue(parallel) ?? new EngineOptions().MaxParallelEncodes);
            if (spec is null || options is null)
            {
                return await Failures.UsageAsync(specError ?? optionsError!);
            }

            var dir = result.GetValue(outputDir)!;
            dir.Create();
            using var watermark = new WatermarkFile(result.GetValue(encode.Watermark));
            using var engine = new FfmpegWatermarkEngine(options);
            var clock = Stopwatch.StartNew();
            var runs = result.GetValue(inputs)!.Select(async file =>
            {
                var output = Path.Combine(dir.FullName, $"watermark-{Path.GetFileNameWithoutExtension(file.Name)}.mp4");
                try
                {
                    var done = await engine.ApplyAsync(new WatermarkRequest(file.FullName, watermark.Path, output, spec), null, cancellationToken);
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{file.Name}: {done.Elapsed.TotalSeconds:0.00} s encoding, done at {clock.Elapsed.TotalSeconds:0.00} s"));
                    return ExitCodes.Success;
                }
                catch (Exception e) when (e is VideoRejectedException or EncodeFailedException or OperationCanceledException)
                {
                    return await Failures.ReportAsync(e);
                }
            }).ToList();
            var codes = await Task.WhenAll(runs);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"batch: {runs.Count} files, max {options.MaxParallelEncodes} at once, {clock.Elapsed.TotalSeconds:0.00} s"));
            return codes.Max();
        });
        return command;
    }
}
