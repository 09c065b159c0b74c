using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoWatermark.Core.Limits;

namespace VideoWatermark.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the one <see cref="IWatermarkEngine"/> (also the <see cref="ITemplateEngine"/>) of the process (a singleton, so its gate on parallel encodes
    /// holds for every caller) with <see cref="EngineOptions"/> bound from <c>VideoWatermark:Engine</c>, and the
    /// <see cref="InputLimits"/> from <c>VideoWatermark:Limits</c>, which the engine, the workers and the portal share.
    /// </summary>
    public static IServiceCollection AddWatermarkEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>()
            .Bind(configuration.GetSection(EngineOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.AddOptions<InputLimits>()
            .Bind(configuration.GetSection(InputLimits.Section))
            .Validate(l => l.Problems().Count == 0, $"{InputLimits.Section} is not usable: every limit must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<InputLimits>>().Value);
        services.TryAddSingleton<IWatermarkEngine>(sp => new FfmpegWatermarkEngine(
            sp.GetRequiredService<IOptions<EngineOptions>>().Value,
            sp.GetService<ILogger<FfmpegWatermarkEngine>>(),
            sp.GetRequiredService<InputLimits>()));

        // The same engine (and so the same gate on parallel encodes) draws templates.
        services.TryAddSingleton<ITemplateEngine>(sp => (ITemplateEngine)sp.GetRequiredService<IWatermarkEngine>());
        services.TryAddSingleton<ITemplateFrameRenderer>(sp => (ITemplateFrameRenderer)sp.GetRequiredService<IWatermarkEngine>());
        services.TryAddSingleton<IVideoFrameExtractor>(sp => (IVideoFrameExtractor)sp.GetRequiredService<IWatermarkEngine>());

        // And reads what an output is; an engine registered instead that cannot leaves the job page without those facts.
        services.TryAddSingleton<IOutputProbe>(sp => sp.GetRequiredService<IWatermarkEngine>() as IOutputProbe ?? NoOutputProbe.Instance);

        // And splits videos for segment workers; an engine registered instead that cannot leaves jobs whole.
        services.TryAddSingleton<ISegmentEngine>(sp => sp.GetRequiredService<IWatermarkEngine>() as ISegmentEngine ?? NoSegments.Instance);

        // And makes recipients' copies in pieces; an engine registered instead that cannot has none to offer.
        services.TryAddSingleton<IRecipientEngine>(sp => (IRecipientEngine)sp.GetRequiredService<IWatermarkEngine>());
        return services;
    }
}

/// <summary>What an engine that cannot split gives: no plan, so every job is encoded whole.</summary>
internal sealed class NoSegments : ISegmentEngine
{
    public static NoSegments Instance { get; } = new();

    public Task<Segments.SegmentPlan?> PlanAsync(string inputPath, string inputName, double splitAboveSeconds, double segmentSeconds, CancellationToken cancellationToken = default) =>
        Task.FromResult<Segments.SegmentPlan?>(null);

    public Task<WatermarkResult> EncodeSegmentAsync(WatermarkRequest request, Segments.VideoSegment segment, IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This engine encodes no segments.");

    public Task<WatermarkResult> EncodeTemplateSegmentAsync(TemplateRequest request, Segments.VideoSegment segment, IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This engine encodes no segments.");

    public Task<SegmentJoinResult> JoinAsync(SegmentJoinRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This engine joins no segments.");
}

/// <summary>What an engine that cannot probe gives: no facts.</summary>
internal sealed class NoOutputProbe : IOutputProbe
{
    public static NoOutputProbe Instance { get; } = new();

    public Task<Core.Jobs.OutputFacts?> ProbeOutputAsync(string path, CancellationToken cancellationToken = default) => Task.FromResult<Core.Jobs.OutputFacts?>(null);
}

/// <summary>Refuses to start with bad encoder settings, naming each problem.</summary>
internal sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"{EngineOptions.Section}: {p}"));
    }
}
