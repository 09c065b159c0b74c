using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Services;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Components;

public sealed class TemplatesPageTests : PortalComponentContext
{
    private TemplateLibrary Saved => Services.GetRequiredService<TemplateLibrary>();

    /// <summary>The page once its templates and watermarks are read, as a person sees it when the bar is gone.</summary>
    private IRenderedComponent<Templates> RenderLoaded()
    {
        var page = Render<Templates>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='templates-loading']")), Wait);
        return page;
    }

    [Fact]
    public async Task A_new_template_with_a_text_and_an_image_layer_saves_as_version_1_then_2()
    {
        await StartAsync();
        var page = RenderLoaded();
        await page.ClickAsync("[data-testid='new-template']");
        await page.ChangeAsync("input[data-testid='template-name'], [data-testid='template-name'] input", "screener");
        await page.ClickAsync("[data-testid='add-text']");
        await page.ClickAsync("[data-testid='add-image']");
        Assert.Equal(["text", "image"], page.FindAll("[data-layer]").Select(l => l.GetAttribute("data-type")));

        await page.ClickAsync("[data-testid='save-template']");
        page.WaitForAssertion(() => Assert.Equal("Version 1", page.Find("[data-testid='template-version']").TextContent.Trim()), Wait);
        Assert.Contains("version 1", page.Find("[data-template='screener']").TextContent, StringComparison.Ordinal);

        await page.ClickAsync("[data-layer='1'] [data-action='up']");
        await page.ClickAsync("[data-testid='save-template']");
        page.WaitForAssertion(() => Assert.Equal("Version 2", page.Find("[data-testid='template-version']").TextContent.Trim()), Wait);
        var saved = await Saved.GetAsync("screener", null);
        Assert.Equal([LayerType.Image, LayerType.Text], saved.Template.Layers.Select(l => l.Type));
        Assert.Equal("watermark.png", saved.Template.Layers[0].Image);
    }

    [Fact]
    public async Task A_template_the_library_refuses_shows_every_problem_and_saves_nothing()
    {
        await StartAsync();
        var page = RenderLoaded();
        await page.ClickAsync("[data-testid='new-template']");
        await page.ClickAsync("[data-testid='add-text']");
        await page.ChangeAsync("input[data-testid='layer-text'], [data-testid='layer-text'] input", "");

        await page.ClickAsync("[data-testid='save-template']");

        page.WaitForAssertion(() => Assert.Contains("A template name is required.", page.Find("[data-testid='template-error']").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("Layer 1 (text): text is required.", page.Find("[data-testid='template-error']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='template-version']"));
        Assert.Empty(await Saved.ListAsync());
    }

    [Fact]
    public async Task A_template_a_waiting_job_uses_is_not_deleted_and_the_page_says_why()
    {
        await StartAsync();
        await Saved.SaveAsync(new WatermarkTemplate { Name = "busy", Layers = [new TemplateLayer { Type = LayerType.Text, Text = "A" }] });
        await AddJobAsync("wait.mp4", JobState.Queued, change: j => j with { Template = new JobTemplate("busy", 1) });
        var dialogs = Render<MudDialogProvider>();
        var page = Render<Templates>();

        page.ClickToAsk("[data-template='busy'] [data-action='delete']");
        dialogs.WaitForAssertion(() => Assert.Contains("Delete the template busy", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal), Wait);
        await dialogs.ClickButtonAsync(".mud-dialog", "Delete");

        page.WaitForAssertion(() => Assert.Contains("is used by a job that has not finished yet", page.Find("[data-testid='template-list-error']").TextContent, StringComparison.Ordinal), Wait);
        Assert.NotNull(await Saved.GetAsync("busy", 1));
    }
}
