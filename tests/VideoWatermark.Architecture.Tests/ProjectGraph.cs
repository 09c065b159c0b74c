using System.Xml.Linq;

namespace VideoWatermark.Architecture.Tests;

/// <summary>One src/ project as its .csproj declares it.</summary>
public sealed record ProjectFile(string Name, IReadOnlyList<string> Projects, IReadOnlyList<string> Packages, IReadOnlyList<string> Frameworks);

/// <summary>The src/ projects and what each one brings along, directly or through the projects it references.</summary>
public sealed class ProjectGraph
{
    public const string AspNetCore = "Microsoft.AspNetCore.App";

    private readonly Dictionary<string, ProjectFile> projects;

    private ProjectGraph(Dictionary<string, ProjectFile> projects) => this.projects = projects;

    public IEnumerable<string> Names => projects.Keys;

    public static ProjectGraph Load(string srcFolder)
    {
        var files = Directory.GetFiles(srcFolder, "*.csproj", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Read);
        return new ProjectGraph(files.ToDictionary(p => p.Name, StringComparer.Ordinal));
    }

    public ProjectFile this[string name] => projects[name];

    /// <summary>Every project of ours that <paramref name="name"/> loads, through any chain of references.</summary>
    public IReadOnlySet<string> ProjectsReachedFrom(string name)
    {
        var reached = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(projects[name].Projects);
        while (pending.TryPop(out var next))
        {
            if (reached.Add(next))
            {
                foreach (var further in projects[next].Projects)
                {
                    pending.Push(further);
                }
            }
        }

        return reached;
    }

    /// <summary>The packages and shared frameworks <paramref name="name"/> ends up with, its own and its references'.</summary>
    public IReadOnlySet<string> DependenciesOf(string name)
    {
        var all = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var project in ProjectsReachedFrom(name).Append(name))
        {
            all.UnionWith(projects[project].Packages);
            all.UnionWith(projects[project].Frameworks);
        }

        return all;
    }

    private static ProjectFile Read(string path)
    {
        var xml = XDocument.Load(path);
        var items = xml.Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference" or "FrameworkReference").ToList();
        string[] Includes(string kind) => [.. items.Where(e => e.Name.LocalName == kind).Select(e => (string)e.Attribute("Include")!)];

        var frameworks = Includes("FrameworkReference").ToList();
        // The web SDKs bring ASP.NET Core without saying so in a FrameworkReference.
        if (((string?)xml.Root!.Attribute("Sdk"))?.StartsWith("Microsoft.NET.Sdk.Web", StringComparison.Ordinal) == true)
        {
            frameworks.Add(AspNetCore);
        }

        return new ProjectFile(
            Path.GetFileNameWithoutExtension(path),
            [.. Includes("ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/')))],
            Includes("PackageReference"),
            frameworks);
    }
}
