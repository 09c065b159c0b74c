using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Components.Uploads;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Components;

public sealed class UploadPageTests : PortalComponentContext
{
    [Fact]
    public async Task Preview_draws_the_watermark_where_Placement_puts_it_and_follows_the_anchor()
    {
        await StartAsync();
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);

        // The page's defaults on the sample frame (1280x720) with the seed watermark (640x480).
        var spec = new WatermarkSpec { Position = Anchor.BottomRight, Margin = 0.04, Scale = 0.25, Opacity = 0.85 };
        page.WaitForAssertion(() => AssertMark(page, Seed(1280, 720, spec), 0.85), Wait);

        await page.ClickAsync("[data-anchor='top-left']");
        var moved = Seed(1280, 720, spec with { Position = Anchor.TopLeft });
        AssertMark(page, moved, 0.85);
        Assert.Equal(29, moved.X);
        Assert.Equal("true", page.Find("[data-anchor='top-left']").GetAttribute("aria-checked"));
    }

    [Fact]
    public async Task Preview_uses_the_chosen_videos_own_frame_size()
    {
        await StartAsync();
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);
        await page.InvokeAsync(() => Session.FilesAdded([new FileAdded("f1", "portrait.mp4", 1000, "video/mp4", null)]));
        page.WaitForAssertion(() => Assert.Single(UploadModule.Invocations["showFrame"]), Wait);
        await page.InvokeAsync(() => Session.FrameShown("f1", 360, 640, 8, 1));
        page.WaitForState(() => page.Find(".preview-frame").GetAttribute("data-frame") == "360x640", Wait);

        var spec = new WatermarkSpec { Position = Anchor.BottomRight, Margin = 0.04, Scale = 0.25, Opacity = 0.85 };
        AssertMark(page, Seed(360, 640, spec), 0.85);
        Assert.Equal("360x640", page.Find(".preview-frame").GetAttribute("data-frame"));
    }

    [Fact]
    public async Task The_scrubber_shows_another_moment_of_the_chosen_video()
    {
        await StartAsync();
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);
        Assert.Empty(page.FindAll("[data-testid='preview-scrub']"));

        await page.InvokeAsync(() => Session.FilesAdded([new FileAdded("f1", "talk.mp4", 1000, "video/mp4", null)]));
        page.WaitForAssertion(() => Assert.Single(UploadModule.Invocations["showFrame"]), Wait);
        await page.InvokeAsync(() => Session.FrameShown("f1", 1280, 720, 83.5, 1));
        page.WaitForAssertion(() => Assert.Equal("0:01.0", page.Find("[data-testid='preview-moment']").TextContent), Wait);
        Assert.Contains("of 1:23.5", page.Find("[data-testid='preview-tools']").TextContent);

        await page.ChangeAsync("[data-testid='preview-scrub'] input, input[data-testid='preview-scrub']", "61.2");

        var seek = Assert.Single(UploadModule.Invocations["seekFrame"]);
        Assert.Equal(61.2, Convert.ToDouble(seek.Arguments[1], CultureInfo.InvariantCulture), 3);
        Assert.Equal("1:01.2", page.Find("[data-testid='preview-moment']").TextContent);
    }

    [Fact]
    public async Task Before_hides_the_watermark_and_After_brings_it_back()
    {
        await StartAsync();
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);

        await page.ClickAsync("[data-testid='show-before']");
        Assert.Empty(page.FindAll(".preview-mark"));
        Assert.Equal("true", page.Find("[data-testid='show-before']").GetAttribute("aria-pressed"));
        Assert.Equal("false", page.Find("[data-testid='show-after']").GetAttribute("aria-pressed"));

        await page.ClickAsync("[data-testid='show-after']");
        Assert.Single(page.FindAll(".preview-mark"));
        Assert.Equal("true", page.Find("[data-testid='show-after']").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task Safe_area_guides_show_on_request_and_warn_when_the_watermark_reaches_past_title_safe()
    {
        await StartAsync();
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);
        Assert.Empty(page.FindAll("[data-testid='safe-action'], [data-testid='safe-graphics']"));

        await page.Find("[data-testid='safe-areas-switch'] input, input[data-testid='safe-areas-switch']").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = true });

        Assert.Equal("inset:3.5%;", page.Find("[data-testid='safe-action']").GetAttribute("style"));
        Assert.Equal("inset:5%;", page.Find("[data-testid='safe-graphics']").GetAttribute("style"));
        // The page's default margin, 4 % of the frame's shorter side, is 29 px: closer to the edge than title-safe's 64 px.
        Assert.Contains("outside the title-safe area", page.Find("[data-testid='safe-area-note']").TextContent);

        await page.InputAsync("[data-slider='margin'] input, input[data-slider='margin']", "0.1");
        Assert.Empty(page.FindAll("[data-testid='safe-area-note']"));
    }

    [Fact]
    public async Task A_file_the_browser_refused_shows_its_message_and_cannot_be_uploaded()
    {
        await StartAsync();
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);
        await page.InvokeAsync(() => Session.FilesAdded([new FileAdded("f1", "notes.txt", 10, "text/plain", "'notes.txt' is not a video this service takes: use .mp4, .mov, .m4v, .mkv, .webm.")]));

        Assert.Contains("is not a video this service takes", page.Find("[data-upload='notes.txt'] [data-testid='upload-error']").TextContent);
        Assert.Equal("refused", page.Find("[data-upload='notes.txt']").GetAttribute("data-status"));
        Assert.True(page.Find("[data-testid='upload-all']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task What_the_browser_read_of_a_file_shows_in_its_row_and_a_thumbnail_that_is_no_jpeg_is_ignored()
    {
        await StartAsync();
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);
        await page.InvokeAsync(() => Session.FilesAdded(
            [new FileAdded("f1", "long.mp4", 1000, "video/mp4", null), new FileAdded("f2", "odd.mp4", 1000, "video/mp4", null)]));
        const string Jpeg = "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==";

        await page.InvokeAsync(() => Session.FileFacts("f1", Jpeg, 3723.4, 3840, 2160));
        await page.InvokeAsync(() => Session.FileFacts("f2", "javascript:alert(1)", 5, 640, 360));

        Assert.Equal("1:02:03 · 3840×2160", page.Find("[data-upload='long.mp4'] [data-testid='upload-facts']").TextContent);
        Assert.Equal(Jpeg, page.Find("[data-upload='long.mp4'] [data-testid='upload-thumb']").GetAttribute("src"));
        Assert.Empty(page.FindAll("[data-upload='odd.mp4'] [data-testid='upload-thumb'], [data-upload='odd.mp4'] [data-testid='upload-facts']"));
        Assert.Equal("0:42 · 1280×720", new LocalVideoFacts(Jpeg, 41.6, 1280, 720).Summary);
    }

    [Fact]
    public async Task Progress_reported_by_the_browser_shows_as_a_bar_with_speed_then_the_job_state_live()
    {
        await StartAsync();
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);
        await page.InvokeAsync(() => Session.FilesAdded([new FileAdded("f1", "clip.mp4", 4 * 1024 * 1024, "video/mp4", null)]));
        Assert.False(page.Find("[data-testid='upload-all']").HasAttribute("disabled"));

        var job = await AddJobAsync("clip.mp4", Core.Jobs.JobState.Pending);
        await page.InvokeAsync(() => Session.UploadStarted("f1", job.Id));
        await page.InvokeAsync(() => Session.UploadProgress("f1", 1024 * 1024, 4 * 1024 * 1024, 512 * 1024));
        var detail = page.Find("[data-upload='clip.mp4'] .upload-detail").TextContent;
        Assert.Contains("25%", detail, StringComparison.Ordinal);
        Assert.Contains("1 MB of 4 MB", detail, StringComparison.Ordinal);
        Assert.Contains("512 KB/s", detail, StringComparison.Ordinal);

        await page.InvokeAsync(() => Session.UploadFinished("f1", job.Id));
        await Jobs.UpdateAsync(job.Id, j => j with { State = Core.Jobs.JobState.Running, Progress = 40 });
        page.WaitForAssertion(() => Assert.Contains("40% watermarked", page.Find("[data-upload='clip.mp4']").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal("running", page.Find("[data-upload='clip.mp4'] .state-chip").GetAttribute("data-state"));
    }

    [Fact]
    public async Task Upload_hands_each_ready_file_to_the_browser_module_with_the_chosen_watermark_and_placement()
    {
        var module = UploadModule;
        await StartAsync();
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);
        await page.InvokeAsync(() => Session.FilesAdded(
        [
            new FileAdded("f1", "a.mp4", 1000, "video/mp4", null),
            new FileAdded("f2", "b.mov", 2000, "video/quicktime", null),
            new FileAdded("f3", "c.txt", 10, "text/plain", "'c.txt' is not a video this service takes: use .mp4, .mov, .m4v, .mkv, .webm."),
        ]));

        await page.ClickAsync("[data-anchor='top-right']");
        await page.ClickAsync("[data-testid='upload-all']");

        var starts = module.Invocations["start"];
        Assert.Equal(["f1", "f2"], starts.Select(i => (string)i.Arguments[0]!));
        var settings = System.Text.Json.JsonSerializer.SerializeToElement(starts[0].Arguments[1]);
        Assert.Equal("watermark.png", settings.GetProperty("watermark").GetString());
        var placement = settings.GetProperty("placement");
        Assert.Equal("top-right", placement.GetProperty("position").GetString());
        Assert.Equal(0.04, placement.GetProperty("margin").GetDouble());
        Assert.Equal(0.25, placement.GetProperty("scale").GetDouble());
        Assert.Equal(0.85, placement.GetProperty("opacity").GetDouble());
        Assert.Equal("uploading", page.Find("[data-upload='a.mp4']").GetAttribute("data-status"));
        Assert.Equal("refused", page.Find("[data-upload='c.txt']").GetAttribute("data-status"));
    }

    [Fact]
    public async Task With_a_template_an_empty_variable_stops_the_upload_with_its_name_and_a_filled_one_goes_with_each_file()
    {
        await StartAsync();
        var templates = Services.GetRequiredService<Portal.Services.TemplateLibrary>();
        await templates.SaveAsync(new WatermarkTemplate
        {
            Name = "screener",
            Layers = [new TemplateLayer { Type = LayerType.Text, Text = "For {recipient} on {date}" }],
        });
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);
        await page.InvokeAsync(() => Session.FilesAdded([new FileAdded("f1", "a.mp4", 1000, "video/mp4", null)]));

        await page.ClickAsync("input[data-testid='kind-template'], [data-testid='kind-template'] input");
        page.WaitForElement("[data-variable='recipient']", Wait);
        Assert.Single(page.FindAll("[data-variable]"));
        await page.ClickAsync("[data-testid='upload-all']");

        Assert.Equal("Fill in {recipient} before uploading: the template's text needs it.", page.Find("[data-testid='template-problem']").TextContent.Trim());
        Assert.Empty(UploadModule.Invocations["start"]);
        Assert.Equal("ready", page.Find("[data-upload='a.mp4']").GetAttribute("data-status"));

        await page.InputAsync("input[data-variable='recipient'], [data-variable='recipient'] input", "Ana Díaz");
        Assert.Empty(page.FindAll("[data-testid='template-problem']"));
        await page.ClickAsync("[data-testid='upload-all']");

        var settings = System.Text.Json.JsonSerializer.SerializeToElement(Assert.Single(UploadModule.Invocations["start"]).Arguments[1]);
        Assert.Equal("screener", settings.GetProperty("template").GetString());
        Assert.Equal(1, settings.GetProperty("templateVersion").GetInt32());
        Assert.Equal("Ana Díaz", settings.GetProperty("variables").GetProperty("recipient").GetString());
        Assert.False(settings.TryGetProperty("watermark", out _));
    }

    [Fact]
    public async Task The_template_list_follows_templates_saved_and_deleted_in_another_tab()
    {
        await StartAsync();
        var templates = Services.GetRequiredService<Portal.Services.TemplateLibrary>();
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);
        await page.InvokeAsync(() => Session.FilesAdded([new FileAdded("f1", "a.mp4", 1000, "video/mp4", null)]));
        await page.ClickAsync("input[data-testid='kind-template'], [data-testid='kind-template'] input");
        Assert.Contains("No templates yet", page.Find("[data-testid='no-templates']").TextContent, StringComparison.Ordinal);

        // Saved on the templates page of another tab, the same portal: the only template is offered and chosen.
        await templates.SaveAsync(new WatermarkTemplate { Name = "screener", Layers = [new TemplateLayer { Type = LayerType.Text, Text = "For {recipient}" }] });
        page.WaitForAssertion(() => Assert.Equal(["recipient"], page.FindAll("[data-variable]").Select(v => v.GetAttribute("data-variable"))), Wait);
        Assert.Empty(page.FindAll("[data-testid='no-templates']"));
        Assert.Single(page.FindAll("[data-testid='template-select']"));

        // Saved again with another variable: the choice moves to the new version, and its fields follow.
        await page.InputAsync("input[data-variable='recipient'], [data-variable='recipient'] input", "Ana");
        await templates.SaveAsync(new WatermarkTemplate { Name = "screener", Layers = [new TemplateLayer { Type = LayerType.Text, Text = "For {recipient} <{email}>" }] });
        page.WaitForAssertion(() => Assert.Equal(["recipient", "email"], page.FindAll("[data-variable]").Select(v => v.GetAttribute("data-variable"))), Wait);
        await page.InputAsync("input[data-variable='email'], [data-variable='email'] input", "ana@example.com");
        await page.ClickAsync("[data-testid='upload-all']");
        var settings = System.Text.Json.JsonSerializer.SerializeToElement(Assert.Single(UploadModule.Invocations["start"]).Arguments[1]);
        Assert.Equal(2, settings.GetProperty("templateVersion").GetInt32());
        Assert.Equal("Ana", settings.GetProperty("variables").GetProperty("recipient").GetString());

        // Deleted there: the choice and its fields go, and the page says there is none.
        await templates.DeleteAsync("screener");
        page.WaitForAssertion(() => Assert.Contains("No templates yet", page.Find("[data-testid='no-templates']").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(page.FindAll("[data-variable]"));
        Assert.Null(Session.Template.Chosen);
    }

    private static void AssertMark(IRenderedComponent<Upload> page, OverlayGeometry expected, double opacity)
    {
        var mark = page.Find(".preview-mark");
        Assert.Equal(expected.X.ToString(CultureInfo.InvariantCulture), mark.GetAttribute("data-x"));
        Assert.Equal(expected.Y.ToString(CultureInfo.InvariantCulture), mark.GetAttribute("data-y"));
        Assert.Equal(expected.Width.ToString(CultureInfo.InvariantCulture), mark.GetAttribute("data-w"));
        Assert.Equal(expected.Height.ToString(CultureInfo.InvariantCulture), mark.GetAttribute("data-h"));
        var frame = page.Find(".preview-frame").GetAttribute("data-frame")!.Split('x').Select(int.Parse).ToArray();
        var style = mark.GetAttribute("style")!;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"left:{100.0 * expected.X / frame[0]:0.###}%"), style, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"width:{100.0 * expected.Width / frame[0]:0.###}%"), style, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"opacity:{opacity:0.###}"), style, StringComparison.Ordinal);
        Assert.Equal("api/watermarks/watermark.png/image", mark.QuerySelector("img")!.GetAttribute("src"));
    }

    /// <summary>Where the worker puts the seed watermark's visible part (its text) on a frame of this size.</summary>
    private static OverlayGeometry Seed(int frameWidth, int frameHeight, WatermarkSpec spec) =>
        Placement.Place(frameWidth, frameHeight, DefaultWatermark.Width, DefaultWatermark.Height, DefaultWatermark.Visible, spec).Geometry;
}
