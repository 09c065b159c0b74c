namespace VideoWatermark.Core.Templates;

/// <summary>What a job renders with: one saved version of a template and the values of its variables.</summary>
/// <param name="Variables">The caller's variables; the worker adds <c>{date}</c>, <c>{filename}</c> and <c>{jobId}</c>.</param>
public sealed record JobTemplate(string Name, int Version, IReadOnlyDictionary<string, string>? Variables = null);
