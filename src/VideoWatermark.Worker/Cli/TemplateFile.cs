using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Worker.Cli;

/// <summary><c>--template</c> and <c>--var</c>: a template file (image paths relative to it) and its variables.</summary>
internal static class TemplateFile
{
    public static WatermarkTemplate Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new InvalidInputException($"The template '{file.Name}' does not exist.");
        }

        var template = TemplateJson.Deserialize(File.ReadAllBytes(file.FullName));
        return (template.Name.Length == 0 ? template with { Name = Path.GetFileNameWithoutExtension(file.Name) } : template).Validated();
    }

    /// <summary>Each <c>name=value</c>; the value may hold '=' and anything else, it only ever becomes pixels.</summary>
    public static Dictionary<string, string> Variables(IEnumerable<string> pairs)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidInputException($"--var '{pair}' is not name=value.");
            }

            variables[pair[..equals]] = pair[(equals + 1)..];
        }

        return variables;
    }
}
