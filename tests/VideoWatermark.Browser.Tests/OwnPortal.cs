using Microsoft.Playwright;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// A test's own portal (other settings than the shared one), the page it opens on it and a temp folder, torn down in
/// the one order that does not stall: the page's circuit is closed first, since the server waits for it when stopping.
/// </summary>
public sealed class OwnPortal(string tempPrefix) : IAsyncDisposable
{
    public string Work { get; } = TestMedia.NewTempDirectory(tempPrefix);

    public PortalServer? Server { get; private set; }

    public IPage? Page { get; private set; }

    public PortalServer Start(PortalServer server) => Server = server;

    public async Task<IPage> OpenPageAsync(BrowserFixture fixture, params ExpectedFailure[] expected) =>
        Page = await fixture.NewPageAsync(Server ?? throw new InvalidOperationException("Start the portal first."), expected);

    /// <summary>As <see cref="OpenPageAsync(BrowserFixture, ExpectedFailure[])"/>, in a window of <paramref name="viewport"/>'s size.</summary>
    public async Task<IPage> OpenPageAsync(BrowserFixture fixture, ViewportSize viewport, params ExpectedFailure[] expected) =>
        Page = await fixture.NewPageAsync(viewport, Server ?? throw new InvalidOperationException("Start the portal first."), expected);

    public async ValueTask DisposeAsync()
    {
        if (Page is not null)
        {
            await Page.Context.CloseAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Directory.Delete(Work, recursive: true);
    }
}
