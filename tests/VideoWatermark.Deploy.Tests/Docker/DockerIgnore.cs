using System.Text.RegularExpressions;

namespace VideoWatermark.Deploy.Tests.Docker;

/// <summary>
/// .dockerignore as Docker reads it: one pattern per line, <c>*</c> and <c>?</c> within a path segment, <c>**</c>
/// across segments, <c>!</c> re-includes, the last matching line wins, and a path is excluded when it or a folder
/// above it is.
/// </summary>
public sealed class DockerIgnore(IReadOnlyList<(Regex Pattern, bool Exclude)> rules)
{
    public static DockerIgnore Load(string path) => Parse(File.Exists(path) ? File.ReadAllLines(path) : []);

    public static DockerIgnore Parse(IEnumerable<string> lines)
    {
        var rules = new List<(Regex, bool)>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = (exclude ? line : line[1..]).Trim().Trim('/');
            if (pattern.StartsWith("./", StringComparison.Ordinal))
            {
                pattern = pattern[2..];
            }

            var regex = Regex.Escape(pattern)
                .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
                .Replace(@"\*\*", ".*", StringComparison.Ordinal)
                .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
                .Replace(@"\?", "[^/]", StringComparison.Ordinal);
            rules.Add((new Regex("^" + regex + "$", RegexOptions.CultureInvariant), exclude));
        }

        return new DockerIgnore(rules);
    }

    /// <summary>True when <paramref name="relativePath"/> (forward slashes, from the context root) is left out of the context.</summary>
    public bool Excludes(string relativePath)
    {
        var segments = relativePath.Replace('\\', '/').Trim('/').Split('/');
        for (var depth = 1; depth <= segments.Length; depth++)
        {
            var path = string.Join('/', segments[..depth]);
            bool? decision = null;
            foreach (var (pattern, exclude) in rules)
            {
                if (pattern.IsMatch(path))
                {
                    decision = exclude;
                }
            }

            if (decision == true)
            {
                return true;
            }
        }

        return false;
    }
}
