using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using VideoWatermark.Portal.Api;

namespace VideoWatermark.Portal.Security;

/// <summary>
/// The API's rate limit: ASP.NET Core's limiter, a fixed window per signed-in user or else per client address,
/// answering 429 with Retry-After. The embedded store's URLs are not limited: each is signed for one transfer.
/// </summary>
public static class ApiRateLimit
{
    public const string Policy = "api";

    public static IServiceCollection AddApiRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(Policy, Partition);
        });
    }

    private static RateLimitPartition<string> Partition(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (options.PermitLimit <= 0)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }

        var caller = http.User.Identity is { IsAuthenticated: true, Name: { } name }
            ? "user:" + name
            : "address:" + http.Connection.RemoteIpAddress;
        return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitLimit,
            Window = TimeSpan.FromSeconds(Math.Max(1, options.WindowSeconds)),
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : 1;
        var response = context.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ApiProblem.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, $"Too many requests; try again in {seconds} s.");
    }
}
