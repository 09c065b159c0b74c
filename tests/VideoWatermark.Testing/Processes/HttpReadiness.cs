using System.Diagnostics;
using System.Net;

namespace VideoWatermark.Testing.Processes;

/// <summary>
/// Waits for a server the test started as a child process to answer over HTTP, and fails at once, with what the
/// process printed, if it exits first: a crash at start-up should read as one, not as a timeout.
/// </summary>
public static class HttpReadiness
{
    /// <param name="name">How the failure messages name the process.</param>
    /// <param name="ready">Whether an answer means "up"; any answer when null.</param>
    /// <param name="output">What the process printed so far, for the failure message.</param>
    public static async Task WaitAsync(
        Process process, string name, Uri url, TimeSpan timeout, Func<HttpStatusCode, bool>? ready, Func<string> output)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode} before {url} answered:\n{output()}");
            }

            try
            {
                using var response = await http.GetAsync(url);
                if (ready is null || ready(response.StatusCode))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{name} did not answer {url} within {timeout.TotalSeconds:0} s:\n{output()}");
            }

            await Task.Delay(100);
        }
    }
}
