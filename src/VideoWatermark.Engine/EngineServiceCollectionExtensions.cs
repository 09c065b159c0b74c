using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VideoWatermark.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the one <see cref="IWatermarkEngine"/> of the process (a singleton, so its gate on parallel encodes
    /// holds for every caller) with <see cref="EngineOptions"/> bound from <c>VideoWatermark:Engine</c>.
    /// </summary>
    public static IServiceCollection AddWatermarkEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>()
            .Bind(configuration.GetSection(EngineOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.TryAddSingleton<IWatermarkEngine>(sp => new FfmpegWatermarkEngine(
            sp.GetRequiredService<IOptions<EngineOptions>>().Value,
            sp.GetService<ILogger<FfmpegWatermarkEngine>>()));
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
