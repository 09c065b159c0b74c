using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace VideoWatermark.Portal.Auth;

/// <summary>
/// Slows and limits password guessing: every failed sign-in (form or HTTP Basic) waits a moment, and a client
/// address with <see cref="AuthOptions.MaxFailedSignIns"/> failures is refused until its window ends.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public static readonly TimeSpan FailureDelay = TimeSpan.FromMilliseconds(400);

    private readonly PartitionedRateLimiter<string> failures;

    public SignInThrottle(IOptions<AuthOptions> options)
    {
        var settings = options.Value;
        failures = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, settings.MaxFailedSignIns),
            Window = TimeSpan.FromMinutes(Math.Max(1, settings.LockoutMinutes)),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public bool IsLockedOut(string client) => failures.GetStatistics(client) is { CurrentAvailablePermits: <= 0 };

    public async Task FailedAsync(string client, CancellationToken cancellationToken)
    {
        using var lease = failures.AttemptAcquire(client);
        await Task.Delay(FailureDelay, cancellationToken);
    }

    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose() => failures.Dispose();
}
