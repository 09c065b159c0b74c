using VideoWatermark.Core.Errors;
using VideoWatermark.Engine;

namespace VideoWatermark.Worker.Cli;

/// <summary>Turns what the engine throws into one line on stderr and an exit code.</summary>
internal static class Failures
{
    public static async Task<int> ReportAsync(Exception error)
    {
        var (code, message) = error switch
        {
            // A template that cannot be used (a token without a value, a character no font has) is the caller's to fix.
            InvalidInputException e => (ExitCodes.Usage, e.Message),
            VideoRejectedException e => (ExitCodes.Rejected, e.Message),
            EncodeFailedException e => (ExitCodes.EncodeFailed, e.Message),
            OperationCanceledException => (ExitCodes.Cancelled, "cancelled; no output was written"),
            _ => (1, error.Message),
        };
        await Console.Error.WriteLineAsync($"error: {OneLine(message)}");
        return code;
    }

    public static async Task<int> UsageAsync(string message)
    {
        await Console.Error.WriteLineAsync($"error: {OneLine(message)}");
        return ExitCodes.Usage;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
