using System.Diagnostics;
using System.Net;
using System.Text;
using VideoWatermark.Testing.Processes;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Pipeline.Tests.Support;

/// <summary>
/// One of the product's executables, built alongside these tests, run as its own process (<c>dotnet App.dll</c>) so a
/// test can kill it outright, with SIGKILL, the way a crash or an out-of-memory killer would.
/// </summary>
public sealed class ProductProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ProductProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>What it printed so far (the tail), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <param name="project">e.g. <c>VideoWatermark.Portal</c>: its build output in the same configuration as the tests.</param>
    public static ProductProcess Start(string project, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = BuiltDll(project);
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var started = new ProductProcess(ProcessRun.Start(start));
        started.process.OutputDataReceived += (_, e) => started.Append(e.Data);
        started.process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    /// <summary>SIGKILL, this process only: no shutdown code runs, and its children are left as a crash leaves them.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync(timeout.Token);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{process.StartInfo.ArgumentList[0]} did not exit within {timeout.TotalSeconds} s:\n{Output}");
        }

        return process.ExitCode;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200.</summary>
    public Task WaitUntilHealthyAsync(Uri url, TimeSpan timeout) =>
        HttpReadiness.WaitAsync(process, "The process", url, timeout, status => status == HttpStatusCode.OK, () => Output);

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                ProcessRun.Kill(process);
            }
        }
        catch (InvalidOperationException)
        {
        }

        ProcessRun.Forget(process);
        process.Dispose();
    }

    private static string BuiltDll(string project)
    {
        // The tests run from tests/<project>/bin/<configuration>/<framework>/; the product was built the same way.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Path, "src", project, "bin", configuration, framework.Name, project + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} is missing: build the solution (or {project}) before these tests.");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length > 64_000)
            {
                output.Remove(0, output.Length - 32_000);
            }

            output.AppendLine(line);
        }
    }
}
