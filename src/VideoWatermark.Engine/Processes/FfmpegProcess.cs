using System.ComponentModel;
using System.Diagnostics;

namespace VideoWatermark.Engine.Processes;

/// <summary>
/// Starts ffmpeg with an argument list (no shell, no command string), streams its stdout and stderr line
/// by line, and on cancellation kills the whole process tree and waits for it before throwing.
/// </summary>
internal static class FfmpegProcess
{
    public static async Task<int> RunAsync(
        string executable,
        IReadOnlyList<string> arguments,
        Action<string>? onStdout,
        Action<string>? onStderr,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new EncodeFailedException($"Cannot start '{executable}': {e.Message}. Is ffmpeg installed and on PATH?", null, e);
        }

        // ffmpeg reads keys from stdin when it is a terminal; give it a closed pipe instead.
        process.StandardInput.Close();
        var stdout = PumpAsync(process.StandardOutput, onStdout);
        var stderr = PumpAsync(process.StandardError, onStderr);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(stdout, stderr);
            throw;
        }

        await Task.WhenAll(stdout, stderr);
        return process.ExitCode;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own between the cancellation and the kill.
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string>? onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine?.Invoke(line);
        }
    }
}
