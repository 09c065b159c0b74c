using System.Text.Json.Nodes;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Portal.Api;

/// <summary>
/// One saved version as the API shows it. <see cref="Template"/> is the template's own JSON, exactly as a file or a
/// <c>POST /api/templates</c> body holds it, so it can be edited and posted back.
/// </summary>
public sealed record TemplateView(string Name, int Version, DateTimeOffset SavedAt, IReadOnlyList<int>? Versions, JsonNode Template)
{
    public static TemplateView From(StoredTemplate stored, IReadOnlyList<int>? versions = null) =>
        new(stored.Name, stored.Version, stored.SavedAt, versions, JsonNode.Parse(TemplateJson.Serialize(stored.Template))!);
}
