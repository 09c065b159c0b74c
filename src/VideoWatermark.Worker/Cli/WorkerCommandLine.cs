using System.CommandLine;

namespace VideoWatermark.Worker.Cli;

/// <summary>The worker's commands. Parse errors are reported as one line on stderr, not as a help page.</summary>
public static class WorkerCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("VideoWatermark worker: stamps a watermark on videos with ffmpeg.")
        {
            ApplyCommand.Create(),
            BatchCommand.Create(),
            SegmentCommands.Create(),
            RecipientsCommand.Create(),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
        {
            await Console.Error.WriteLineAsync($"error: {parsed.Errors[0].Message} (see --help)");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync();
    }
}
