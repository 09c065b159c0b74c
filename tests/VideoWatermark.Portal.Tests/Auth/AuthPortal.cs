using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>
/// The real portal in-process with its access settings, over https://localhost (so secure cookies travel) and with
/// redirects left to the test, the way a browser would meet them.
/// </summary>
public sealed class AuthPortal(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? testServices = null)
    : WebApplicationFactory<Program>
{
    public const string Password = "correct horse battery staple";

    /// <summary>One hash for every test: PBKDF2 is slow on purpose.</summary>
    public static readonly string PasswordHash = AdminAccount.Hash(Password);

    private readonly TempFolder data = new();
    private readonly TempFolder work = new();

    public string DataDir => data.Path;

    /// <summary>Login required, the built-in admin configured through the setting containers use.</summary>
    public static Dictionary<string, string?> Required(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["VideoWatermark:Portal:Auth:Mode"] = "required",
            ["VideoWatermark:Portal:Auth:AdminPasswordHash"] = PasswordHash,
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A client like a browser: keeps cookies, does not follow redirects by itself.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("https://localhost/"),
    });

    /// <summary>A script's client with HTTP Basic credentials.</summary>
    public HttpClient Script(string user = AdminAccount.UserName, string password = Password)
    {
        var http = Browser();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("VideoWatermark:DataDir", data.Path);
        builder.UseSetting("VideoWatermark:Pipeline:Kind", "Local");
        builder.UseSetting("VideoWatermark:Pipeline:Workers", "1");
        builder.UseSetting("VideoWatermark:Engine:Preset", "ultrafast");

        // A work folder of its own: a portal starting clears its work root of leftovers, and the default root is
        // shared by every portal on the machine, so it would remove the files of other tests' running jobs.
        builder.UseSetting("VideoWatermark:Pipeline:WorkDir", work.Path);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (testServices is not null)
        {
            builder.ConfigureTestServices(testServices);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            data.Dispose();
            work.Dispose();
        }
    }
}
