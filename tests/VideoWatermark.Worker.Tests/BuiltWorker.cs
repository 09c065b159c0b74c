using VideoWatermark.Testing;

namespace VideoWatermark.Worker.Tests;

/// <summary>
/// The worker executable as its own project builds it. Not the copy beside the tests: this assembly also runs on
/// ASP.NET Core's shared framework (for the stand-in ECS endpoint), so the packages that framework carries are not
/// copied here, and a worker started from here would miss them.
/// </summary>
internal static class BuiltWorker
{
    public static string Dll { get; } = Find();

    private static string Find()
    {
        // The tests run from tests/<project>/bin/<configuration>/<framework>/; the worker was built the same way.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Path, "src", "VideoWatermark.Worker", "bin", configuration, framework.Name, "VideoWatermark.Worker.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the worker before these tests.");
    }
}
