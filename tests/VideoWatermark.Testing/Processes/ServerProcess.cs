using System.Diagnostics;

namespace VideoWatermark.Testing.Processes;

/// <summary>
/// A test server run as a child process (s3rver, moto): started through <see cref="ProcessRun"/> so it dies with the
/// test host, its output captured into a <see cref="ProcessOutput"/>, waited for until it answers over HTTP, and
/// stopped by killing its whole tree.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly ProcessOutput output;
    private bool stopped;

    private ServerProcess(Process process, ProcessOutput output)
    {
        this.process = process;
        this.output = output;
    }

    public bool IsRunning => !stopped && !process.HasExited;

    /// <param name="notFound">What to tell the reader when the program is not installed.</param>
    public static ServerProcess Start(ProcessStartInfo start, ProcessOutput output, string notFound)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        Process started;
        try
        {
            started = ProcessRun.Start(start);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(notFound, e);
        }

        started.OutputDataReceived += (_, e) => output.Append(e.Data);
        started.ErrorDataReceived += (_, e) => output.Append(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return new ServerProcess(started, output);
    }

    /// <summary>Waits until <paramref name="url"/> answers at all; fails with the server's output if it exits first.</summary>
    public Task WaitUntilAnsweringAsync(string name, Uri url, TimeSpan timeout) =>
        HttpReadiness.WaitAsync(process, name, url, timeout, ready: null, () => output.Text);

    public async ValueTask DisposeAsync()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        try
        {
            ProcessRun.Kill(process);
            using var timeout = new CancellationTokenSource(StopTimeout);
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            process.Dispose();
        }
    }
}
