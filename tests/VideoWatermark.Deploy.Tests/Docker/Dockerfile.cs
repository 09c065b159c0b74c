using System.Text.Json;

namespace VideoWatermark.Deploy.Tests.Docker;

public sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    /// <summary>The arguments of an exec-form instruction (<c>["a", "b"]</c>), or null for shell form.</summary>
    public IReadOnlyList<string>? ExecForm =>
        Arguments.TrimStart().StartsWith('[') ? JsonSerializer.Deserialize<string[]>(Arguments) : null;
}

public sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public DockerInstruction? Last(string keyword) => Instructions.LastOrDefault(i => i.Keyword == keyword);
}

/// <summary>A Dockerfile split into stages and instructions (continuation lines joined, comments dropped).</summary>
public sealed class Dockerfile(IReadOnlyList<DockerStage> stages)
{
    public IReadOnlyList<DockerStage> Stages { get; } = stages;

    public DockerStage Final => Stages[^1];

    public DockerStage Stage(string name) => Stages.Single(s => s.Name == name);

    public static Dockerfile Load(string path) => Parse(File.ReadAllText(path));

    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        string? image = null, name = null;
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
            if (keyword == "FROM")
            {
                if (current is not null)
                {
                    stages.Add(new DockerStage(image!, name, current));
                }

                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                image = parts[0];
                name = parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
                current = [];
                continue;
            }

            (current ?? throw new FormatException($"Line {start}: {keyword} before FROM.")).Add(new DockerInstruction(keyword, arguments, start));
        }

        if (current is not null)
        {
            stages.Add(new DockerStage(image!, name, current));
        }

        return new Dockerfile(stages);
    }
}
