namespace VideoWatermark.Deploy.Tests.Docker;

/// <summary>
/// The worker image's contents, built once per test class the way Dockerfile.worker builds them (see
/// <see cref="ImageBuild"/>), and a way to run its entry point as the container would.
/// </summary>
public sealed class WorkerImage : IAsyncLifetime
{
    private readonly string temp = Directory.CreateTempSubdirectory("vw-worker-image-").FullName;

    public ImageContents Contents { get; private set; } = null!;

    public async Task InitializeAsync() => Contents = await ImageBuild.BuildAsync(RepoPaths.WorkerDockerfile, RepoPaths.Root, temp);

    /// <summary>Runs <c>ENTRYPOINT + arguments</c> in the image's working directory with its ENV plus <paramref name="environment"/>.</summary>
    public Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var env = Contents.Environment.ToDictionary(e => e.Key, e => (string?)e.Value);
        foreach (var (name, value) in environment)
        {
            env[name] = value;
        }

        // An absolute program path is one in the image (the native executable); a bare name would be looked up on PATH.
        var program = Path.IsPathRooted(Contents.EntryPoint[0]) ? Contents.HostPath(Contents.EntryPoint[0]) : Contents.EntryPoint[0];
        return ProcessRun.RunAsync(program, [.. Contents.EntryPoint.Skip(1), .. arguments], Contents.WorkingDirectory, env, TimeSpan.FromMinutes(2));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(temp, recursive: true);
        return Task.CompletedTask;
    }
}
