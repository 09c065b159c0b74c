using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace VideoWatermark.Testing.Processes;

public sealed record ProcessResult(int ExitCode, byte[] StdOutBytes, string StdErr)
{
    public string StdOut => Encoding.UTF8.GetString(StdOutBytes);

    public string Output => StdOut + StdErr;

    public override string ToString() => $"exit {ExitCode}\n{StdOut}\n{StdErr}";
}

/// <summary>
/// The one way tests start programs. Every wait has a deadline; a program that overruns it is killed with its whole
/// process tree; and whatever a test started and did not stop is killed, tree and all, when the test host exits,
/// so no ffmpeg, portal or worker outlives the run that started it.
/// </summary>
public static class ProcessRun
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    private static readonly ConcurrentDictionary<Process, byte> Running = new();

    static ProcessRun() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    /// <summary>
    /// Runs a program to completion within <paramref name="timeout"/>, capturing what it prints; a null value in
    /// <paramref name="environment"/> removes that variable; <paramref name="input"/> is written to its standard input.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        string? input = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Start(start);
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
            }

            process.StandardInput.Close();
            using var stdout = new MemoryStream();
            var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            var readErr = process.StandardError.ReadToEndAsync();
            var limit = timeout ?? DefaultTimeout;
            using var deadline = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw new TimeoutException(
                    $"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {limit.TotalSeconds:0} s and was killed.");
            }

            await Task.WhenAll(copyOut, readErr);
            return new ProcessResult(process.ExitCode, stdout.ToArray(), await readErr);
        }
        finally
        {
            Forget(process);
        }
    }

    /// <summary>Synchronous <see cref="RunAsync"/>, for helpers that are synchronous themselves.</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        RunAsync(fileName, arguments, timeout: timeout).GetAwaiter().GetResult();

    /// <summary>
    /// Starts a long-running program (a server, a worker) the caller stops; it is killed with its tree when the
    /// test host exits if the caller did not.
    /// </summary>
    public static Process Start(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{start.FileName} could not be started (is it installed and on PATH?).", e);
        }

        Running[process] = 0;
        return process;
    }

    /// <summary>Kills the program and everything it started, and waits (bounded) until it is gone.</summary>
    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
        }

        Forget(process);
    }

    /// <summary>Stops watching a program the caller has seen exit.</summary>
    public static void Forget(Process process) => Running.TryRemove(process, out _);

    private static void KillAll()
    {
        foreach (var process in Running.Keys)
        {
            Kill(process);
        }
    }
}
