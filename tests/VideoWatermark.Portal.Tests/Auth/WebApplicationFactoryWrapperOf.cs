using Microsoft.Extensions.DependencyInjection;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>An <see cref="AuthPortal"/> that xunit can build as a class fixture.</summary>
public abstract class WebApplicationFactoryWrapperOf(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? testServices = null) : IDisposable
{
    private readonly AuthPortal factory = new(settings, testServices);

    public string DataDir => factory.DataDir;

    public HttpClient Browser() => factory.Browser();

    public HttpClient Script(string user = VideoWatermark.Portal.Auth.AdminAccount.UserName, string password = AuthPortal.Password) => factory.Script(user, password);

    public void Dispose()
    {
        factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
