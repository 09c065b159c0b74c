namespace VideoWatermark.Portal.Tests.Infrastructure;

/// <summary>A <see cref="PortalFactory"/> that xunit can build as a class fixture.</summary>
public abstract class WebApplicationFactoryWrapper(IReadOnlyDictionary<string, string?> settings) : IDisposable
{
    private readonly PortalFactory factory = new(settings);

    public HttpClient CreateClient() => factory.CreateClient();

    public void Dispose()
    {
        factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
