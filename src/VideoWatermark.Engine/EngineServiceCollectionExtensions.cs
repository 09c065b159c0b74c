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
        return services;
    }
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
