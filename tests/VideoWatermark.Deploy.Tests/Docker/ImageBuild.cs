using System.Text.RegularExpressions;

namespace VideoWatermark.Deploy.Tests.Docker;

/// <summary>What the final image holds, laid out on this machine: its app folder, entry point and environment.</summary>
public sealed record ImageContents(string Root, string WorkingDirectory, IReadOnlyList<string> EntryPoint, IReadOnlyDictionary<string, string> Environment, string Scratch)
{
    /// <summary>Where a path of the image's file system lies on this machine.</summary>
    public string HostPath(string containerPath) => Path.Combine(Root, containerPath.TrimStart('/'));
}

/// <summary>
/// Builds an image's contents without a Docker engine, by doing what the Dockerfile says: the build stage's COPY
/// instructions copy from the context (minus .dockerignore) into a folder standing for the stage's file system,
/// its RUN commands (dotnet ones; anything else cannot run here and fails the build) run there, and the final
/// stage's <c>COPY --from</c>, WORKDIR, ENV, VOLUME and ENTRYPOINT are read back. Container paths map to folders
/// under one temp root, so the commands run exactly as written.
/// </summary>
public static partial class ImageBuild
{
    public static async Task<ImageContents> BuildAsync(string dockerfilePath, string contextRoot, string tempRoot)
    {
        var dockerfile = Dockerfile.Load(dockerfilePath);
        var ignore = DockerIgnore.Load(Path.Combine(contextRoot, ".dockerignore"));
        var build = dockerfile.Stages[0];
        var filesystem = Path.Combine(tempRoot, "fs");
        Directory.CreateDirectory(filesystem);
        string Host(string containerPath) => Path.Combine(filesystem, containerPath.TrimStart('/'));

        var workdir = "/";
        foreach (var instruction in build.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    workdir = Path.Combine(workdir, instruction.Arguments);
                    Directory.CreateDirectory(Host(workdir));
                    break;
                case "COPY":
                    {
                        var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        var destination = Path.Combine(workdir, parts[^1]);
                        foreach (var source in parts[..^1])
                        {
                            CopyFromContext(contextRoot, source.TrimEnd('/'), Host(destination), parts.Length > 2 || parts[^1].EndsWith('/'), ignore);
                        }

                        break;
                    }

                case "RUN":
                    {
                        // The one build argument the build stage uses: this machine stands for the target platform.
                        var command = ContainerPath().Replace(instruction.Arguments.Replace("$TARGETARCH", TargetArch, StringComparison.Ordinal), m => Host(m.Value));
                        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        if (words[0] != "dotnet")
                        {
                            throw new NotSupportedException($"Line {instruction.Line}: only dotnet commands run without Docker: {instruction.Arguments}");
                        }

                        var result = await ProcessRun.RunAsync("dotnet", words[1..], Host(workdir),
                            new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" }, TimeSpan.FromMinutes(8));
                        if (result.ExitCode != 0)
                        {
                            throw new InvalidOperationException($"Line {instruction.Line}: {instruction.Arguments} failed:\n{result}");
                        }

                        break;
                    }
            }
        }

        var final = dockerfile.Final;
        var finalWorkdir = "/";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var scratch = Path.Combine(tempRoot, "scratch");
        Directory.CreateDirectory(scratch);
        var volumes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in final.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    finalWorkdir = Path.Combine(finalWorkdir, instruction.Arguments);
                    break;
                case "VOLUME":
                    foreach (var volume in instruction.ExecForm ?? instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        volumes[volume] = scratch;
                    }

                    break;
                case "ENV":
                    {
                        var eq = instruction.Arguments.IndexOf('=', StringComparison.Ordinal);
                        var value = instruction.Arguments[(eq + 1)..].Trim('"');
                        environment[instruction.Arguments[..eq]] = volumes.TryGetValue(value, out var mapped) ? mapped : value;
                        break;
                    }

                case "COPY" when instruction.Arguments.StartsWith("--from=", StringComparison.Ordinal):
                    {
                        var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        if (parts[0] != $"--from={build.Name}" || parts[^1] != "." || parts.Length != 3)
                        {
                            throw new NotSupportedException($"Line {instruction.Line}: expected COPY --from={build.Name} <dir> .");
                        }

                        // The final image's working directory is the build stage's output folder.
                        if (Host(parts[1]) != Host(finalWorkdir))
                        {
                            CopyDirectory(Host(parts[1]), Host(finalWorkdir));
                        }

                        break;
                    }
            }
        }

        var entryPoint = final.Last("ENTRYPOINT")?.ExecForm ?? throw new FormatException("The final stage has no exec-form ENTRYPOINT.");
        return new ImageContents(filesystem, Host(finalWorkdir), entryPoint, environment, scratch);
    }

    private static void CopyFromContext(string contextRoot, string source, string destination, bool intoDirectory, DockerIgnore ignore)
    {
        var from = Path.Combine(contextRoot, source);
        if (File.Exists(from))
        {
            if (ignore.Excludes(source))
            {
                throw new FileNotFoundException($"COPY {source}: .dockerignore leaves it out of the context.");
            }

            var target = intoDirectory ? Path.Combine(destination, Path.GetFileName(source)) : destination;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(from, target, overwrite: true);
            return;
        }

        if (!Directory.Exists(from))
        {
            throw new FileNotFoundException($"COPY {source}: not in the build context.");
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(contextRoot, file).Replace('\\', '/');
            if (ignore.Excludes(relative))
            {
                continue;
            }

            var target = Path.Combine(destination, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>This machine's CPU as Docker's TARGETARCH names it.</summary>
    public static string TargetArch => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        var other => throw new PlatformNotSupportedException($"No Docker TARGETARCH for {other}."),
    };

    /// <summary>An absolute container path standing alone as a word of a command.</summary>
    [GeneratedRegex(@"(?<=^|\s)/[A-Za-z0-9._/-]*(?=\s|$)")]
    private static partial Regex ContainerPath();
}
