namespace VideoWatermark.Core.Templates;

/// <summary>One saved version of a template, as the bucket holds it.</summary>
public sealed record StoredTemplate(string Name, int Version, DateTimeOffset SavedAt, WatermarkTemplate Template);
