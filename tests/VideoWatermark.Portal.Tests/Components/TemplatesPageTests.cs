using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Services;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

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
    public async Task The_preview_draws_on_a_frame_of_the_users_own_video_at_the_sliders_moment_and_states_its_size()
    {
        MediaTool.RequireFfmpeg();
        await StartAsync();
        using var work = new TempFolder();
        var clip = TestMedia.Clip(Path.Combine(work.Path, "beach.mp4"), new ClipOptions { Width = 320, Height = 240, Seconds = 3, Audio = false });
        var broken = await AddJobAsync("broken.mp4", JobState.Failed, change: j => j with { PermanentFailure = true });
        var job = await AddJobAsync("beach.mp4", JobState.Succeeded);
        await Store.UploadAsync(job.InputKey, clip, "video/mp4");
        var page = RenderLoaded();
        await page.ClickAsync("[data-testid='new-template']");
        await page.ClickAsync("[data-testid='add-text']");
        var preview = () => page.Find("[data-testid='template-preview']");
        page.WaitForAssertion(() => Assert.Equal(("1280x720", "false", 1), (preview().GetAttribute("data-frame"), preview().GetAttribute("data-busy"), page.FindAll("[data-testid='template-preview-image']").Count)), Wait);

        // The sample frame first, then the user's videos; a video found broken is not offered.
        Assert.Equal(["sample", job.Id], page.FindAll("[data-frame-source]").Select(b => b.GetAttribute("data-frame-source")));
        Assert.DoesNotContain(broken.Id, page.Markup, StringComparison.Ordinal);
        await page.ClickAsync($"[data-frame-source='{job.Id}']");
        page.WaitForAssertion(() => Assert.Equal(("320x240", "false", job.Id), (preview().GetAttribute("data-frame"), preview().GetAttribute("data-busy"), preview().GetAttribute("data-source"))), Wait);
        Assert.Equal("true", page.Find($"[data-frame-source='{job.Id}']").GetAttribute("aria-pressed"));
        Assert.Equal("320×240", page.Find("[data-testid='preview-size']").TextContent.Trim());
        Assert.Contains("A frame of beach.mp4", page.Find("[data-testid='preview-caption']").TextContent, StringComparison.Ordinal);
        Assert.Contains("of a 3 s video", page.Markup, StringComparison.Ordinal);

        // The slider's moment: the background is the video's own frame then (ffmpeg's decode of it), the text on top.
        await page.Find("[data-testid='template-preview'] input[type='range']").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "2" });
        page.WaitForAssertion(() => Assert.Equal(("2", "false"), (preview().GetAttribute("data-seconds"), preview().GetAttribute("data-busy"))), Wait);
        var drawn = Decode(page, Path.Combine(work.Path, "preview.png"));
        Assert.Equal((320, 240), (drawn.Width, drawn.Height));
        var above = new Region(0, 0, 320, 160);
        var atTwo = Frames.MeanAbsDiff(drawn, Frames.At(clip, 2), above);
        var atZero = Frames.MeanAbsDiff(drawn, Frames.At(clip, 0), above);
        Assert.True(atTwo < 4 && atZero > 4 * atTwo, $"the preview's background differs from the video's frame at 2 s by {atTwo:0.00} (and from the one at 0 s by {atZero:0.00})");
        var textBand = new Region(0, 240 - 40, 200, 40);
        Assert.True(Frames.ChangedFraction(Frames.At(clip, 2), drawn, textBand) > 0.02, "the text layer is drawn at the bottom-left");

        // And back to the sample frame.
        await page.ClickAsync("[data-frame-source='sample']");
        page.WaitForAssertion(() => Assert.Equal(("1280x720", "false", "sample"), (preview().GetAttribute("data-frame"), preview().GetAttribute("data-busy"), preview().GetAttribute("data-source"))), Wait);
    }

    [Fact]
    public async Task Templates_and_watermarks_changed_in_another_tab_show_up_while_the_open_draft_stays_as_it_is()
    {
        await StartAsync();
        var page = RenderLoaded();
        await page.ClickAsync("[data-testid='new-template']");
        await page.ChangeAsync("input[data-testid='template-name'], [data-testid='template-name'] input", "mine");
        await page.ClickAsync("[data-testid='add-text']");

        // Another tab makes a new image the default, then saves a template. The page reads both lists on each change,
        // so once the template shows, the new default is read too.
        await using (var png = DefaultWatermark.OpenRead())
        {
            await Library.UploadAsync("Logo.png", png, png.Length);
        }

        await Library.SetDefaultAsync("Logo.png");
        await Saved.SaveAsync(new WatermarkTemplate { Name = "theirs", Layers = [new TemplateLayer { Type = LayerType.Text, Text = "B" }] });
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-template='theirs']")), Wait);

        await page.ClickAsync("[data-testid='add-image']");
        Assert.Equal(["text", "image"], page.FindAll("[data-layer]").Select(l => l.GetAttribute("data-type")));
        Assert.Equal("Logo.png", page.Find("[data-layer='1'] .layer-label").TextContent.Trim());

        // Deleted there: gone from the list here, and the draft being edited is untouched.
        await Saved.DeleteAsync("theirs");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-template='theirs']")), Wait);
        Assert.Equal("mine", page.Find("input[data-testid='template-name'], [data-testid='template-name'] input").GetAttribute("value"));
        Assert.Equal(2, page.FindAll("[data-layer]").Count);
    }

    /// <summary>The preview's image as the browser gets it (a data URL), decoded by ffmpeg.</summary>
    private static RgbFrame Decode(IRenderedComponent<Templates> page, string path)
    {
        var src = page.Find("[data-testid='template-preview-image']").GetAttribute("src")!;
        File.WriteAllBytes(path, Convert.FromBase64String(src[(src.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        return Frames.At(path);
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
