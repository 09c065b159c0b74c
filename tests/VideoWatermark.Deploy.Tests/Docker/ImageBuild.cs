using System.Text.RegularExpressions;

namespace VideoWatermark.Deploy.Tests.Docker;

/// <summary>What the final image holds, laid out on this machine: its app folder, entry point and environment.</summary>
public sealed record ImageContents(string Root, string WorkingDirectory, IReadOnlyList<string> EntryPoint, IReadOnlyDictionary<string, string> Environment, string Scratch)
{
    /// <summary>Where a path of the image's file system lies on this machine.</summary>
    public string HostPath(string containerPath) => Path.Combine(Root, containerPath.TrimStart('/'));
}

/// <summary>
/// Builds an image's contents without a Docker engine, by doing what the Dockerfile says on this machine. The build
/// stage is the one the final stage's <c>COPY --from</c> names. In it: a <c>COPY --from</c> of a stage with no
/// instructions of its own (the SDK stage, which only supplies the .NET SDK) stands for this machine's own SDK, and
/// the ENV lines that point at that copy for this machine's dotnet on PATH; an <c>apt-get install</c> cannot run here,
/// so its packages must already be installed on this machine (which is checked, so a test proves the host has what
/// the Dockerfile says the build needs); the COPY instructions from the context copy it (minus .dockerignore) into a
/// folder standing for the stage's file system; dotnet RUN commands run there (any other command cannot run here and
/// fails the build). The final stage's <c>COPY --from</c>, WORKDIR, ENV, VOLUME and ENTRYPOINT are read back.
/// Container paths map to folders under one temp root, so the commands run exactly as written.
/// </summary>
public static partial class ImageBuild
{
    public static async Task<ImageContents> BuildAsync(string dockerfilePath, string contextRoot, string tempRoot)
    {
        var dockerfile = Dockerfile.Load(dockerfilePath);
        var ignore = DockerIgnore.Load(Path.Combine(contextRoot, ".dockerignore"));
        var build = dockerfile.BuildStage;
        var filesystem = Path.Combine(tempRoot, "fs");
        Directory.CreateDirectory(filesystem);
        string Host(string containerPath) => Path.Combine(filesystem, containerPath.TrimStart('/'));

        var workdir = "/";
        var runEnvironment = new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        string? sdkFolder = null;
        var sdkVariables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instruction in build.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    workdir = Path.Combine(workdir, instruction.Arguments);
                    Directory.CreateDirectory(Host(workdir));
                    break;
                case "COPY" when Dockerfile.CopySource(instruction) is { } stage:
                    sdkFolder = ThisMachinesSdk(dockerfile, instruction, stage);
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

                case "ENV":
                    {
                        var eq = instruction.Arguments.IndexOf('=', StringComparison.Ordinal);
                        if (eq < 0)
                        {
                            throw new NotSupportedException($"Line {instruction.Line}: expected ENV NAME=value: {instruction.Arguments}");
                        }

                        var name = instruction.Arguments[..eq];
                        var value = instruction.Arguments[(eq + 1)..].Trim('"');
                        // DOTNET_ROOT and PATH pointed at the copied SDK: this machine's dotnet is already on its PATH.
                        if ((sdkFolder is not null && value.Contains(sdkFolder, StringComparison.Ordinal)) || sdkVariables.Any(v => value.Contains('$' + v, StringComparison.Ordinal)))
                        {
                            sdkVariables.Add(name);
                        }
                        else
                        {
                            runEnvironment[name] = value;
                        }

                        break;
                    }

                case "RUN" when instruction.Arguments.StartsWith("apt-get ", StringComparison.Ordinal):
                    await RequireInstalledAsync(instruction);
                    break;
                case "RUN":
                    {
                        // The one build argument the build stage uses: this machine stands for the target platform.
                        var command = ContainerPath().Replace(instruction.Arguments.Replace("$TARGETARCH", TargetArch, StringComparison.Ordinal), m => Host(m.Value));
                        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        if (words[0] != "dotnet")
                        {
                            throw new NotSupportedException($"Line {instruction.Line}: only dotnet and apt-get commands run without Docker: {instruction.Arguments}");
                        }

                        var result = await ProcessRun.RunAsync("dotnet", words[1..], Host(workdir), runEnvironment, TimeSpan.FromMinutes(8));
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

    /// <summary>
    /// A <c>COPY --from=&lt;stage&gt; &lt;dir&gt; &lt;dir&gt;</c> in the build stage: the stage must be one of this Dockerfile's and
    /// have no instructions of its own (it only supplies its image's files, the SDK), and the folder is copied to the
    /// same path. This machine's own SDK stands for it, so nothing is copied; returns the folder.
    /// </summary>
    private static string ThisMachinesSdk(Dockerfile dockerfile, DockerInstruction copy, string stageName)
    {
        var stage = dockerfile.Stages.SingleOrDefault(s => s.Name == stageName)
            ?? throw new NotSupportedException($"Line {copy.Line}: COPY --from={stageName} names no stage of this Dockerfile; only a stage supplying the SDK can stand for this machine's.");
        if (stage.Instructions.Count != 0)
        {
            throw new NotSupportedException($"Line {copy.Line}: stage {stageName} has instructions of its own (line {stage.Instructions[0].Line}); only a stage that just supplies its image's SDK stands for this machine's.");
        }

        var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[1].TrimEnd('/') != parts[2].TrimEnd('/'))
        {
            throw new NotSupportedException($"Line {copy.Line}: expected COPY --from={stageName} <dir> <same dir>: {copy.Arguments}");
        }

        return parts[1].TrimEnd('/');
    }

    /// <summary>
    /// An apt-get RUN line (<c>apt-get update &amp;&amp; apt-get install [options] packages &amp;&amp; rm -rf /var/lib/apt/lists/*</c>):
    /// nothing is installed here, but every package it installs must already be installed on this machine.
    /// </summary>
    private static async Task RequireInstalledAsync(DockerInstruction run)
    {
        var packages = new List<string>();
        foreach (var step in run.Arguments.Split("&&", StringSplitOptions.TrimEntries))
        {
            var words = step.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words)
            {
                case ["apt-get", "update"]:
                case ["rm", "-rf", "/var/lib/apt/lists/*"]:
                    break;
                case ["apt-get", "install", .. var rest]:
                    packages.AddRange(rest.Where(w => !w.StartsWith('-')));
                    break;
                default:
                    throw new NotSupportedException($"Line {run.Line}: only apt-get update, apt-get install and removing apt's lists stand for packages installed here: {step}");
            }
        }

        if (packages.Count == 0)
        {
            throw new FormatException($"Line {run.Line}: an apt-get RUN line that installs nothing: {run.Arguments}");
        }

        var missing = new List<string>();
        foreach (var package in packages)
        {
            var status = await ProcessRun.RunAsync("dpkg-query", ["-W", "-f=${Status}", package]);
            if (status.ExitCode != 0 || status.StdOut.Trim() != "install ok installed")
            {
                missing.Add(package);
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Line {run.Line}: the build stage installs Debian packages this machine does not have: {string.Join(' ', missing)}. "
                + "The image is built here as that stage builds it, so this machine needs them: "
                + $"apt-get install --no-install-recommends {string.Join(' ', missing)} (scripts/test.sh installs the Native AOT toolchain, scripts/lib/deps.sh's AOT_PACKAGES).");
        }
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
