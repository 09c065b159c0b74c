using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// Saved templates as the portal offers them: saved only when valid and every image layer names a library image,
/// fixed to one version when a job is created, deleted only when no unfinished job renders them.
/// </summary>
public sealed class TemplateLibrary(TemplateStore store, WatermarkLibrary watermarks, JobIndex index, TimeProvider time, ILogger<TemplateLibrary> logger)
{
    /// <summary>Raised after a template was saved or deleted through this portal, so open pages list what is there now.</summary>
    public event Action? Changed;

    public Task<IReadOnlyList<StoredTemplate>> ListAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);

    public async Task<IReadOnlyList<int>> VersionsAsync(string name, CancellationToken cancellationToken = default) =>
        await store.VersionsAsync(name, cancellationToken);

    public async Task<StoredTemplate> GetAsync(string name, int? version, CancellationToken cancellationToken = default) =>
        await store.GetAsync(name, version, cancellationToken)
        ?? throw new NotFoundException(version is null ? $"There is no template '{name}'." : $"The template '{name}' has no version {version}.");

    /// <summary>Saves <paramref name="template"/> as the next version of its name; every problem is listed in one refusal.</summary>
    public async Task<StoredTemplate> SaveAsync(WatermarkTemplate template, CancellationToken cancellationToken = default)
    {
        await CheckAsync(template, cancellationToken);
        var saved = await store.SaveAsync(template, cancellationToken);
        logger.LogInformation("Saved template {Template} version {Version}", saved.Name, saved.Version);
        Changed?.Invoke();
        return saved;
    }

    /// <summary>
    /// Refuses <paramref name="template"/> with one message listing every problem, its own and every image layer that
    /// names no library image; what may be saved may be previewed.
    /// </summary>
    public async Task CheckAsync(WatermarkTemplate template, CancellationToken cancellationToken = default)
    {
        var problems = template.Problems().ToList();
        for (var i = 0; i < (template.Layers?.Count ?? 0); i++)
        {
            if (template.Layers![i] is { Type: LayerType.Image, Image: { Length: > 0 } image }
                && !await watermarks.ExistsAsync(WatermarkLibrary.KeyFor(image), cancellationToken))
            {
                problems.Add($"Layer {i + 1} (image): there is no watermark '{image}'; upload it first or pick one from GET /api/watermarks.");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidInputException($"The template{(template.Name.Length > 0 ? $" '{template.Name}'" : "")} is not valid: {string.Join(" ", problems)}");
        }
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        if (index.IsTemplateInUse(name))
        {
            throw new ConflictException($"The template '{name}' is used by a job that has not finished yet.");
        }

        if (!await store.DeleteAsync(name, cancellationToken))
        {
            throw new NotFoundException($"There is no template '{name}'.");
        }

        logger.LogInformation("Deleted template {Template}", name);
        Changed?.Invoke();
    }

    /// <summary>
    /// The version a new job renders (the latest unless <paramref name="version"/> names one), checked now: every
    /// token of its text has a value from <paramref name="variables"/> or from what the worker fills in.
    /// </summary>
    public async Task<JobTemplate> ResolveForJobAsync(string name, int? version, IReadOnlyDictionary<string, string>? variables, string fileName, string jobId, CancellationToken cancellationToken = default)
    {
        var stored = await ResolveAsync(name, version, cancellationToken);
        var tokens = TokenValues.For(time.GetUtcNow(), fileName, jobId, variables);
        foreach (var layer in stored.Template.Layers.Where(l => l.Type == LayerType.Text))
        {
            TemplateTokens.Expand(layer.Text!, tokens);
        }

        return new JobTemplate(stored.Name, stored.Version, variables is { Count: > 0 } ? new Dictionary<string, string>(variables, StringComparer.Ordinal) : null);
    }

    /// <summary>
    /// The version a new job (or a batch of them) renders: the latest unless <paramref name="version"/> names one.
    /// An unknown name or version is the request's fault, not a missing resource.
    /// </summary>
    public async Task<StoredTemplate> ResolveAsync(string name, int? version, CancellationToken cancellationToken = default) =>
        await store.GetAsync(name.Trim(), version, cancellationToken)
        ?? throw new InvalidInputException(version is null
            ? $"There is no template '{name}': save it with POST /api/templates or pick one from GET /api/templates."
            : $"The template '{name}' has no version {version}.");
}
