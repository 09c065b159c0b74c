using Microsoft.Extensions.Options;

namespace VideoWatermark.Portal.Auth;

/// <summary>
/// Whether visitors must sign in, decided once at startup from <see cref="AuthOptions.Mode"/> and the addresses the
/// portal is configured to listen on, and why.
/// </summary>
public sealed class PortalAccess
{
    public PortalAccess(IOptions<AuthOptions> options, IConfiguration configuration, AdminAccount admin)
    {
        var settings = options.Value;
        Admin = admin;
        Oidc = settings.Oidc;
        Mode = settings.Mode;
        (LoginRequired, Reason) = Decide(Mode, LoopbackAddresses.Configured(configuration));
    }

    public AuthMode Mode { get; }

    public bool LoginRequired { get; }

    public string Reason { get; }

    public AdminAccount Admin { get; }

    public OidcSettings Oidc { get; }

    /// <summary>Why the portal must not start: login is required and nobody could sign in. Null when it may.</summary>
    public string? Refusal => LoginRequired && !Admin.IsConfigured && !Oidc.IsConfigured
        ? $"Login is required ({Reason}) but no one can sign in: run './scripts/run.sh set-admin-password' " +
          $"(or set {AuthOptions.Section}:AdminPasswordHash or {AuthOptions.Section}:Oidc:Authority)."
        : null;

    /// <summary>
    /// <see cref="Refusal"/> of the registered access, or the one-line reason the access settings cannot be read.
    /// </summary>
    public static string? RefusalOf(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<PortalAccess>().Refusal;
        }
        catch (InvalidOperationException e) when (e.InnerException is FormatException)
        {
            return $"{e.Message} Use auto, none or required.";
        }
    }

    public static (bool LoginRequired, string Reason) Decide(AuthMode mode, IReadOnlyList<string> addresses) => mode switch
    {
        AuthMode.None => (false, $"{AuthOptions.Section}:Mode is 'none'"),
        AuthMode.Required => (true, $"{AuthOptions.Section}:Mode is 'required'"),
        _ when addresses.FirstOrDefault(a => !LoopbackAddresses.IsLoopback(a)) is { } open =>
            (true, $"the portal listens on {open}, which is not loopback"),
        _ => (false, $"the portal listens on loopback only ({string.Join(", ", addresses)})"),
    };

    /// <summary>The same decision for the addresses the server really bound, to catch listeners set up in code.</summary>
    public bool WouldRequireLoginOn(IReadOnlyList<string> bound) => Mode == AuthMode.Auto && !LoginRequired && Decide(AuthMode.Auto, bound).LoginRequired;
}
