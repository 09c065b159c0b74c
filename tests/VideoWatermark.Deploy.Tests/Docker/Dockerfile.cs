using System.Text.Json;

namespace VideoWatermark.Deploy.Tests.Docker;

public sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    /// <summary>The arguments of an exec-form instruction (<c>["a", "b"]</c>), or null for shell form.</summary>
    public IReadOnlyList<string>? ExecForm =>
        Arguments.TrimStart().StartsWith('[') ? JsonSerializer.Deserialize<string[]>(Arguments) : null;
}

/// <param name="Image">The base image, with the global ARGs' defaults put in.</param>
/// <param name="Platform">The stage's <c>--platform</c> as written (e.g. <c>$BUILDPLATFORM</c>), or null.</param>
/// <param name="ImageAsWritten">The base image as the FROM line writes it (e.g. <c>$RUNTIME_IMAGE</c>).</param>
public sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions, string? Platform = null, string? ImageAsWritten = null)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public DockerInstruction? Last(string keyword) => Instructions.LastOrDefault(i => i.Keyword == keyword);
}

/// <summary>A Dockerfile split into stages and instructions (continuation lines joined, comments dropped).</summary>
public sealed class Dockerfile(IReadOnlyList<DockerStage> stages, IReadOnlyDictionary<string, string> globalArguments)
{
    public IReadOnlyList<DockerStage> Stages { get; } = stages;

    /// <summary>The ARGs before the first FROM, with their defaults (what FROM lines may use).</summary>
    public IReadOnlyDictionary<string, string> GlobalArguments { get; } = globalArguments;

    public DockerStage Final => Stages[^1];

    public DockerStage Stage(string name) => Stages.Single(s => s.Name == name);

    /// <summary>
    /// The stage that builds what the final stage runs: the one its <c>COPY --from=&lt;name&gt;</c> names (a final stage
    /// that copies from no stage, or from more than one, is not a layout the tests know).
    /// </summary>
    public DockerStage BuildStage
    {
        get
        {
            var copy = Final.All("COPY").Where(c => CopySource(c) is not null).ToList();
            if (copy.Count != 1)
            {
                throw new FormatException($"The final stage copies from {copy.Count} stages; expected one, the build stage.");
            }

            var name = CopySource(copy[0])!;
            return Stages.SingleOrDefault(s => s.Name == name) ?? throw new FormatException($"Line {copy[0].Line}: COPY --from={name} names no stage of this Dockerfile.");
        }
    }

    /// <summary>The stage (or image) a <c>COPY --from=&lt;name&gt;</c> copies from, or null for a COPY from the build context.</summary>
    public static string? CopySource(DockerInstruction copy) =>
        copy.Keyword == "COPY" && copy.Arguments.StartsWith("--from=", StringComparison.Ordinal)
            ? copy.Arguments["--from=".Length..].Split(' ', 2)[0]
            : null;

    public static Dockerfile Load(string path) => Parse(File.ReadAllText(path));

    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerStage>();
        var globals = new Dictionary<string, string>(StringComparer.Ordinal);
        List<DockerInstruction>? current = null;
        string? image = null, name = null, platform = null, written = null;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                var next = lines[++i].Trim();
                line = line[..^1].TrimEnd() + (next.StartsWith('#') ? "" : " " + next);
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : line[(space + 1)..].Trim();
            if (keyword == "ARG" && current is null)
            {
                var eq = arguments.IndexOf('=', StringComparison.Ordinal);
                globals[eq < 0 ? arguments : arguments[..eq]] = eq < 0 ? "" : arguments[(eq + 1)..];
                continue;
            }

            if (keyword == "FROM")
            {
                if (current is not null)
                {
                    stages.Add(new DockerStage(image!, name, current, platform, written));
                }

                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
                platform = parts[0].StartsWith("--platform=", StringComparison.Ordinal) ? parts[0]["--platform=".Length..] : null;
                if (platform is not null)
                {
                    parts.RemoveAt(0);
                }

                written = parts[0];
                image = parts[0].StartsWith('$') && globals.TryGetValue(parts[0].Trim('$', '{', '}'), out var value) ? value : parts[0];
                name = parts.Count == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
                current = [];
                continue;
            }

            (current ?? throw new FormatException($"Line {start}: {keyword} before FROM.")).Add(new DockerInstruction(keyword, arguments, start));
        }

        if (current is not null)
        {
            stages.Add(new DockerStage(image!, name, current, platform, written));
        }

        return new Dockerfile(stages, globals);
    }
}
