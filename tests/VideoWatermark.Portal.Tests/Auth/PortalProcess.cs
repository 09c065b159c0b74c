namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>The built portal run as its own process, as the run script runs it: arguments, environment, standard input.</summary>
public static class PortalProcess
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static async Task<Result> RunAsync(string dataDir, string? input, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var variables = new Dictionary<string, string?>
        {
            ["VideoWatermark__DataDir"] = dataDir,
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_HTTP_PORTS"] = null,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        var result = await ProcessRun.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "VideoWatermark.Portal.dll"), .. args],
            AppContext.BaseDirectory,
            variables,
            TimeSpan.FromSeconds(90),
            input);
        return new Result(result.ExitCode, result.StdOut, result.StdErr);
    }
}
