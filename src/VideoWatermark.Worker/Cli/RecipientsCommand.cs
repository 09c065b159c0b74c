using System.CommandLine;
using System.Globalization;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine;
using VideoWatermark.Engine.Recipients;

namespace VideoWatermark.Worker.Cli;

/// <summary>
/// <c>recipients</c>: one local video, a template and a list of recipients; a personal copy for each, encoded once
/// where the picture is the same (<see cref="FfmpegWatermarkEngine.ApplyRecipientsAsync"/>).
/// </summary>
internal static class RecipientsCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "The video (.mp4, .mov, .m4v, .mkv, .webm)." };
        var template = new Option<FileInfo>("--template") { Description = "The template file (JSON); image paths are relative to it.", Required = true };
        var recipients = new Option<FileInfo>("--recipients") { Description = "A JSON array of objects, one per recipient, of the template's variables: [{\"recipient\": \"Ana Díaz\", \"email\": \"ana@example.com\"}, …].", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder the copies go to: <name>-001.mp4 for the first recipient, and so on.", Required = true };
        var grid = new Option<double>("--grid-seconds") { Description = "The grid of closed groups the personal windows are snapped to.", DefaultValueFactory = _ => RecipientPlanner.DefaultGridSeconds };
        var full = new Option<bool>("--full") { Description = "Make every copy a full encode (to compare)." };
        var maxParallel = new Option<int?>("--max-parallel") { Description = "Encodes at once (default: the engine's MaxParallelEncodes)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace copies that exist." };
        var json = new Option<bool>("--json") { Description = "Print one JSON line at the end (the plan's decision, the base's and each copy's time) instead of the copies' paths." };
        var encode = new EncodeOptions();
        var command = new Command("recipients", "A personal copy of one video for each recipient: the shared picture encoded once, only the seconds a personal layer shows in encoded per copy. Exit codes: 0 done, 2 bad arguments, 3 unusable input, 4 ffmpeg failed.")
        {
            input, template, recipients, output, grid, full, maxParallel, overwrite, json, encode.Preset, encode.Crf, encode.X264Params,
        };

        command.SetAction(async (result, cancellationToken) =>
        {
            var (options, optionsError) = encode.ReadEngineOptions(result, result.GetValue(maxParallel) ?? new EngineOptions().MaxParallelEncodes);
            if (options is null)
            {
                return await Failures.UsageAsync(optionsError!);
            }

            var gridSeconds = result.GetValue(grid);
            if (!(gridSeconds > 0))
            {
                return await Failures.UsageAsync("--grid-seconds must be positive.");
            }

            var inputFile = result.GetValue(input)!;
            var templateFile = result.GetValue(template)!;
            WatermarkTemplate read;
            IReadOnlyList<IReadOnlyDictionary<string, string>> tokens;
            try
            {
                read = TemplateFile.Read(templateFile);
                var now = DateTimeOffset.UtcNow;
                tokens = [.. RecipientsFile.Read(result.GetValue(recipients)!).Select((row, i) => Tokens(now, inputFile.Name, row, i))];
            }
            catch (InvalidInputException e)
            {
                return await Failures.UsageAsync(e.Message);
            }

            var folder = result.GetValue(output)!;
            var digits = Math.Max(3, tokens.Count.ToString(CultureInfo.InvariantCulture).Length);
            var stem = Path.GetFileNameWithoutExtension(inputFile.Name);
            var outputs = tokens.Select((_, i) => Path.Combine(folder.FullName, $"{stem}-{(i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0')}.mp4")).ToList();
            if (!result.GetValue(overwrite) && outputs.FirstOrDefault(File.Exists) is { } existing)
            {
                return await Failures.UsageAsync($"'{Path.GetFileName(existing)}' already exists: choose another --out or pass --overwrite.");
            }

            Directory.CreateDirectory(folder.FullName);
            using var engine = new FfmpegWatermarkEngine(options);
            try
            {
                var request = new RecipientsRequest(inputFile.FullName, read, templateFile.DirectoryName!, tokens, outputs, gridSeconds, FullEncodes: result.GetValue(full));
                var done = await engine.ApplyRecipientsAsync(request, cancellationToken);
                if (result.GetValue(json))
                {
                    await Console.Out.WriteLineAsync(Summary(inputFile, done).ToJson());
                }
                else
                {
                    foreach (var copy in done.Copies)
                    {
                        await Console.Out.WriteLineAsync(copy.OutputPath);
                    }
                }

                return ExitCodes.Success;
            }
            catch (Exception e) when (e is InvalidInputException or VideoRejectedException or EncodeFailedException or OperationCanceledException)
            {
                return await Failures.ReportAsync(e);
            }
        });
        return command;
    }

    private static IReadOnlyDictionary<string, string> Tokens(DateTimeOffset now, string inputName, Dictionary<string, string> row, int index)
    {
        try
        {
            return TokenValues.For(now, inputName, null, row);
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"Recipient {index + 1}: {e.Message}");
        }
    }

    private static RecipientsSummary Summary(FileInfo input, RecipientsResult done) => new(
        input.FullName,
        done.Plan.Smart,
        done.Plan.Reason,
        done.Plan.PersonalLayers,
        Math.Round(done.Plan.PersonalShare, 4),
        done.Plan.Pieces.Count,
        done.Plan.GridSeconds,
        Seconds(done.BaseTime),
        Seconds(done.Elapsed),
        [.. done.Copies.Select(c => new RecipientCopySummary(c.Index + 1, c.OutputPath, c.Frames, c.Full, Seconds(c.Elapsed), Seconds(c.EncodeTime), Seconds(c.JoinTime)))]);

    private static double Seconds(TimeSpan time) => Math.Round(time.TotalSeconds, 3);
}
