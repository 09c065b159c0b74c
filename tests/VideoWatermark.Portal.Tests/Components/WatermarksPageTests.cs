using Bunit;
using MudBlazor;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Components;

public sealed class WatermarksPageTests : PortalComponentContext
{
    [Fact]
    public async Task The_seed_watermark_is_there_as_the_default_with_its_size()
    {
        await StartAsync();
        var page = Render<Watermarks>();

        var card = page.WaitForElement("[data-watermark='watermark.png']", Wait);
        Assert.Contains("PNG · 640×480", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("Default", card.TextContent, StringComparison.Ordinal);
        Assert.Equal("api/watermarks/watermark.png/image", card.QuerySelector("img")!.GetAttribute("src"));
    }

    [Fact]
    public async Task An_added_watermark_appears_can_become_the_default_and_the_old_one_can_then_go()
    {
        await StartAsync();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<Watermarks>();
        page.WaitForElement("[data-watermark='watermark.png']", Wait);
        await using (var png = DefaultWatermark.OpenRead())
        {
            await Library.UploadAsync("Logo.PNG", png, png.Length);
        }

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-watermark='Logo.png']")), Wait);
        await page.ClickAsync("[data-watermark='Logo.png'] [data-action='default']");
        page.WaitForAssertion(() => Assert.Contains("Default", page.Find("[data-watermark='Logo.png']").TextContent, StringComparison.Ordinal), Wait);

        page.ClickToAsk("[data-watermark='watermark.png'] [data-action='delete']");
        await ConfirmAsync(dialogs, "watermark.png", "Delete");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-watermark='watermark.png']")), Wait);
        Assert.Equal("watermarks/Logo.png", await Library.GetDefaultKeyAsync());
    }

    [Fact]
    public async Task A_watermark_a_waiting_job_uses_cannot_be_deleted()
    {
        await StartAsync();
        await using (var png = DefaultWatermark.OpenRead())
        {
            await Library.UploadAsync("busy.png", png, png.Length);
        }

        await AddJobAsync("wait.mp4", JobState.Queued, change: j => j with { Watermark = new WatermarkSpec { Image = "watermarks/busy.png" } });
        var dialogs = Render<MudDialogProvider>();
        var page = Render<Watermarks>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-watermark='busy.png']")), Wait);

        page.ClickToAsk("[data-watermark='busy.png'] [data-action='delete']");
        await ConfirmAsync(dialogs, "busy.png", "Delete");
        page.WaitForAssertion(() => Assert.Contains("used by a job that has not finished", page.Find("[data-testid='watermark-error']").TextContent, StringComparison.Ordinal), Wait);
        Assert.NotNull(await Store.HeadAsync("watermarks/busy.png"));
    }

    [Fact]
    public async Task Delete_asks_first_keeps_the_watermark_on_Keep_it_and_blocks_other_deletes_while_asking()
    {
        await StartAsync();
        foreach (var name in new[] { "one.png", "two.png" })
        {
            await using var png = DefaultWatermark.OpenRead();
            await Library.UploadAsync(name, png, png.Length);
        }

        var dialogs = Render<MudDialogProvider>();
        var page = Render<Watermarks>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-watermark='two.png']")), Wait);

        page.ClickToAsk("[data-watermark='one.png'] [data-action='delete']");
        dialogs.WaitForAssertion(() => Assert.Contains("one.png", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal), Wait);
        Assert.True(page.Find("[data-watermark='two.png'] [data-action='delete']").HasAttribute("disabled"));

        await ConfirmAsync(dialogs, "one.png", "Keep it");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-watermark='two.png'] [data-action='delete']").HasAttribute("disabled")), Wait);
        Assert.NotNull(page.Find("[data-watermark='one.png']"));
        Assert.Contains(await Library.ListAsync(), w => w.Name == "one.png");
    }

    /// <summary>Answers the confirm dialog, after checking it names <paramref name="subject"/>.</summary>
    private static async Task ConfirmAsync(IRenderedComponent<MudDialogProvider> dialogs, string subject, string answer)
    {
        dialogs.WaitForAssertion(() => Assert.Contains(subject, dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal), Wait);
        await dialogs.ClickButtonAsync(".mud-dialog", answer);
    }
}
