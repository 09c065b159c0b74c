using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Core.Templates;

/// <summary>
/// Saved templates in the bucket, versioned and immutable (<see cref="ObjectKeys.TemplateKey"/>): saving a name again
/// writes the next version, and two writers saving at once get two versions, never one overwritten.
/// </summary>
public sealed class TemplateStore(IObjectStore store)
{
    private const int MaxSaveTries = 8;

    /// <summary>The latest version of every template, by name.</summary>
    public async Task<IReadOnlyList<StoredTemplate>> ListAsync(CancellationToken cancellationToken = default)
    {
        var latest = new SortedDictionary<string, (int Version, string Key)>(StringComparer.Ordinal);
        await foreach (var info in store.ListAsync(ObjectKeys.TemplatesPrefix, cancellationToken))
        {
            var rest = info.Key[ObjectKeys.TemplatesPrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || ObjectKeys.TemplateVersion(info.Key) is not { } version || rest.IndexOf('/', slash + 1) >= 0)
            {
                continue;
            }

            var name = rest[..slash];
            if (!latest.TryGetValue(name, out var known) || known.Version < version)
            {
                latest[name] = (version, info.Key);
            }
        }

        var templates = new List<StoredTemplate>(latest.Count);
        foreach (var (name, (version, key)) in latest)
        {
            // A version deleted between the listing and the read is simply left out.
            if (await ReadAsync(name, version, key, cancellationToken) is { } stored)
            {
                templates.Add(stored);
            }
        }

        return templates;
    }

    /// <summary>The versions saved under <paramref name="name"/>, oldest first; empty when there is none.</summary>
    public async Task<IReadOnlyList<int>> VersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        if (WatermarkTemplate.NameProblem(name) is not null)
        {
            return [];
        }

        var versions = new List<int>();
        await foreach (var info in store.ListAsync(ObjectKeys.TemplateFolder(name), cancellationToken))
        {
            if (ObjectKeys.TemplateVersion(info.Key) is { } version && info.Key == ObjectKeys.TemplateKey(name, version))
            {
                versions.Add(version);
            }
        }

        versions.Sort();
        return versions;
    }

    /// <summary>Version <paramref name="version"/> of <paramref name="name"/>, or its latest when null; null when there is no such template or version.</summary>
    public async Task<StoredTemplate?> GetAsync(string name, int? version = null, CancellationToken cancellationToken = default)
    {
        if (WatermarkTemplate.NameProblem(name) is not null || version <= 0)
        {
            return null;
        }

        if (version is null)
        {
            var versions = await VersionsAsync(name, cancellationToken);
            if (versions.Count == 0)
            {
                return null;
            }

            version = versions[^1];
        }

        return await ReadAsync(name, version.Value, ObjectKeys.TemplateKey(name, version.Value), cancellationToken);
    }

    /// <summary>
    /// Validates <paramref name="template"/> (every problem in one <see cref="InvalidInputException"/>) and saves it
    /// as the next version of its name: version 1 for a new name.
    /// </summary>
    public async Task<StoredTemplate> SaveAsync(WatermarkTemplate template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        template = template.Validated();
        var body = TemplateJson.Serialize(template);
        var versions = await VersionsAsync(template.Name, cancellationToken);
        var next = versions.Count == 0 ? 1 : versions[^1] + 1;
        for (var tries = 0; tries < MaxSaveTries; tries++, next++)
        {
            var key = ObjectKeys.TemplateKey(template.Name, next);

            // The conditional write keeps two writers from making the same version; the look first also covers
            // S3-compatible servers that ignore If-None-Match.
            if (await store.HeadAsync(key, cancellationToken) is not null)
            {
                continue;
            }

            using var content = new MemoryStream(body);
            if (await store.PutAsync(key, content, "application/json", PutCondition.MustNotExist, cancellationToken))
            {
                var saved = await store.HeadAsync(key, cancellationToken);
                return new StoredTemplate(template.Name, next, saved?.LastModified ?? DateTimeOffset.UtcNow, template);
            }
        }

        throw new ConflictException($"The template '{template.Name}' is being saved by others right now; save it again.");
    }

    /// <summary>Deletes every version of <paramref name="name"/>; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var versions = await VersionsAsync(name, cancellationToken);
        foreach (var version in versions)
        {
            await store.DeleteAsync(ObjectKeys.TemplateKey(name, version), cancellationToken);
        }

        return versions.Count > 0;
    }

    private async Task<StoredTemplate?> ReadAsync(string name, int version, string key, CancellationToken cancellationToken)
    {
        var info = await store.HeadAsync(key, cancellationToken);
        if (info is null)
        {
            return null;
        }

        try
        {
            await using var stream = await store.OpenReadAsync(key, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return new StoredTemplate(name, version, info.LastModified, TemplateJson.Deserialize(buffer.ToArray()));
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }
}
