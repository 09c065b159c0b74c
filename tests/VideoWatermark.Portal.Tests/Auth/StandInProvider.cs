using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>
/// An OpenID Connect provider's discovery document and (empty) key set on 127.0.0.1: enough for the portal to find
/// where to send a visitor to sign in.
/// </summary>
public sealed class StandInProvider : IAsyncDisposable
{
    private readonly WebApplication app;

    private StandInProvider(WebApplication app, string authority)
    {
        this.app = app;
        Authority = authority;
    }

    public string Authority { get; }

    public string AuthorizationEndpoint => Authority + "/authorize";

    public static async Task<StandInProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        string Issuer(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";
        app.MapGet("/.well-known/openid-configuration", (HttpContext http) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer(http),
            ["authorization_endpoint"] = Issuer(http) + "/authorize",
            ["token_endpoint"] = Issuer(http) + "/token",
            ["jwks_uri"] = Issuer(http) + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StandInProvider(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
