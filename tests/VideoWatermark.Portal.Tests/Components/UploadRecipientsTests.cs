using System.Text;
using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Components.Uploads;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Components;

/// <summary>The upload page's "Copies for recipients": a CSV pasted or chosen, its problems by line, its rows and the preview of one row's copy.</summary>
public sealed class UploadRecipientsTests : PortalComponentContext
{
    private const string Csv = "recipient;email\n\"Díaz; Ana\";ana@example.com\n\"Bo\nLi\";bo@example.com\nCy Young;cy@example.com\n";

    private const string Switch = "[data-testid='recipients-switch'] input, input[data-testid='recipients-switch']";

    private const string TextArea = "textarea[data-testid='recipients-csv'], [data-testid='recipients-csv'] textarea";

    [Fact]
    public async Task Pasted_recipients_show_as_a_table_and_each_file_goes_up_once_with_all_of_them()
    {
        var page = await OpenWithTemplateAsync();

        await page.ChangeAsync(TextArea, Csv);

        Assert.Equal("3", page.Find("[data-testid='recipients-count']").GetAttribute("data-count"));
        Assert.Contains("3 recipients · 3 copies of each file", page.Find("[data-testid='recipients-count']").TextContent, StringComparison.Ordinal);
        var rows = page.FindAll("[data-testid='recipients-table'] tbody tr");
        Assert.Equal(["2 Díaz; Ana ana@example.com", "3 Bo\nLi bo@example.com", "5 Cy Young cy@example.com"], rows.Select(r => string.Join(" ", r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).Where(t => t.Length > 0))));
        Assert.Empty(page.FindAll("[data-variable]"));
        Assert.Empty(page.FindAll("[data-testid='recipients-problems']"));

        await page.ClickAsync("[data-testid='upload-all']");

        var start = Assert.Single(UploadModule.Invocations["start"]);
        var settings = JsonSerializer.SerializeToElement(start.Arguments[1]);
        Assert.Equal("screener", settings.GetProperty("template").GetString());
        Assert.Equal(1, settings.GetProperty("templateVersion").GetInt32());
        Assert.False(settings.TryGetProperty("variables", out _));
        var recipients = settings.GetProperty("recipients").EnumerateArray().ToList();
        Assert.Equal(["Díaz; Ana", "Bo\nLi", "Cy Young"], recipients.Select(r => r.GetProperty("recipient").GetString()));
        Assert.Equal("cy@example.com", recipients[2].GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_csv_file_with_a_byte_order_mark_is_read_and_one_that_is_not_utf8_is_named()
    {
        var page = await OpenWithTemplateAsync();
        var upload = page.FindComponent<InputFile>();

        upload.UploadFiles(InputFileContent.CreateFromBinary([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv)], "people.csv", contentType: "text/csv"));

        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid='recipients-count']").GetAttribute("data-count")), Wait);
        Assert.Equal("Read from people.csv", page.Find("[data-testid='recipients-file-name']").TextContent.Trim());
        Assert.Equal(["recipient", "email"], page.FindAll("[data-testid='recipients-table'] thead th").Select(h => h.TextContent.Trim()).Where(t => t is not ("Line" or "Preview")));
        Assert.StartsWith("recipient;email", Session.Template.Recipients.Text, StringComparison.Ordinal);

        // Latin-1 from an old spreadsheet: "Díaz" is one byte 0xED, not UTF-8.
        upload = page.FindComponent<InputFile>();
        upload.UploadFiles(InputFileContent.CreateFromBinary(Encoding.Latin1.GetBytes("recipient;email\nDíaz;d@example.com\n"), "latin1.csv", contentType: "text/csv"));

        page.WaitForAssertion(() => Assert.Equal("'latin1.csv' is not UTF-8 text: save it from the spreadsheet as \"CSV UTF-8\".", page.Find("[data-testid='recipients-file-problem']").TextContent.Trim()), Wait);
        Assert.Equal("3", page.Find("[data-testid='recipients-count']").GetAttribute("data-count"));
    }

    [Fact]
    public async Task Bad_records_are_listed_by_the_line_they_start_on_and_stop_the_upload()
    {
        var page = await OpenWithTemplateAsync();

        await page.ChangeAsync(TextArea, "recipient,email\n\"Ana\nDíaz\",ana@example.com\nBo,bo@example.com,x\nCy,\n");

        Assert.Equal(
            ["Line 4: 3 fields, but the header has 2.", "Line 5: {email} is empty: the template's text needs it."],
            page.FindAll("[data-testid='recipients-problems'] li").Select(l => l.TextContent.Trim()));
        Assert.Equal(["4", "5"], page.FindAll("[data-testid='recipients-problems'] li").Select(l => l.GetAttribute("data-line")));
        Assert.Equal("1", page.Find("[data-testid='recipients-count']").GetAttribute("data-count"));

        await page.ClickAsync("[data-testid='upload-all']");

        Assert.Equal("Fix the recipients' CSV first: 2 problems are listed under it.", page.Find("[data-testid='template-problem']").TextContent.Trim());
        Assert.Empty(UploadModule.Invocations["start"]);
        Assert.Equal("ready", page.Find("[data-upload='a.mp4']").GetAttribute("data-status"));

        // Fixed: the problem goes as the text changes.
        await page.ChangeAsync(TextArea, "recipient,email\n\"Ana\nDíaz\",ana@example.com\nBo,bo@example.com\nCy,cy@example.com\n");
        Assert.Empty(page.FindAll("[data-testid='template-problem'], [data-testid='recipients-problems']"));
    }

    [Fact]
    public async Task The_preview_draws_the_copy_of_the_row_picked_with_its_values()
    {
        MediaTool.RequireFfmpeg();
        var page = await OpenWithTemplateAsync();
        await page.ChangeAsync(TextArea, Csv);
        var preview = () => page.Find("[data-testid='template-preview']");
        string Image() => page.Find("[data-testid='template-preview-image']").GetAttribute("src")!;

        page.WaitForAssertion(() => Assert.Equal(("false", 1), (preview().GetAttribute("data-busy"), page.FindAll("[data-testid='template-preview-image']").Count)), Wait);
        Assert.Equal("2", page.Find("[data-testid='recipient-preview']").GetAttribute("data-line"));
        Assert.Contains("the chosen row's values", page.Find("[data-testid='preview-caption']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-layer-box]"));
        var first = Image();

        await page.ClickAsync("[data-preview-row='3']");

        page.WaitForAssertion(() => Assert.Equal(("5", "false"), (page.Find("[data-testid='recipient-preview']").GetAttribute("data-line"), preview().GetAttribute("data-busy"))), Wait);
        page.WaitForAssertion(() => Assert.NotEqual(first, Image()), Wait);
        Assert.Equal("true", page.Find("[data-preview-row='3']").GetAttribute("aria-pressed"));
        Assert.Contains("picked", page.Find("[data-testid='recipients-table'] tr[data-row='3']").ClassName, StringComparison.Ordinal);
        var third = Image();

        // Back to the first row: the same values draw the same copy.
        await page.ClickAsync("[data-preview-row='1']");
        page.WaitForAssertion(() => Assert.Equal(first, Image()), Wait);
        Assert.NotEqual(first, third);
    }

    [Fact]
    public async Task After_the_upload_its_row_counts_the_copies_and_links_to_the_batch_page()
    {
        var page = await OpenWithTemplateAsync();
        await page.ChangeAsync(TextArea, Csv);
        var batchId = JobIds.New();
        var jobs = new List<Job>();
        foreach (var state in new[] { JobState.Pending, JobState.Pending, JobState.Pending })
        {
            jobs.Add(await AddJobAsync("a.mp4", state, change: j => j with { BatchId = batchId }));
        }

        await page.ClickAsync("[data-testid='upload-all']");
        await page.InvokeAsync(() => Session.UploadStarted("f1", jobs[0].Id));
        await page.InvokeAsync(() => Session.BatchStarted("f1", batchId, [.. jobs.Select(j => j.Id)]));
        await page.InvokeAsync(() => Session.UploadFinished("f1", jobs[0].Id));

        Assert.Equal("3 copies · 0 done", page.Find("[data-upload='a.mp4'] [data-testid='upload-batch'] span").TextContent.Trim());
        Assert.Equal($"batches/{batchId}", page.Find("[data-upload='a.mp4'] [data-testid='open-batch']").GetAttribute("href"));

        await Jobs.UpdateAsync(jobs[1].Id, j => j with { State = JobState.Succeeded, Progress = 100 });
        await Jobs.UpdateAsync(jobs[2].Id, j => j with { State = JobState.Failed, Error = "No space left." });
        page.WaitForAssertion(() => Assert.Equal("3 copies · 1 done · 1 failed", page.Find("[data-upload='a.mp4'] [data-testid='upload-batch'] span").TextContent.Trim()), Wait);
    }

    [Fact]
    public async Task A_batch_the_server_refuses_for_one_recipient_names_the_csv_line_that_recipient_came_from()
    {
        var page = await OpenWithTemplateAsync();
        await page.ChangeAsync(TextArea, Csv);
        await page.ClickAsync("[data-testid='upload-all']");

        // Meanwhile the CSV is changed: the line named is the one of the list the file went up with. Its third
        // recipient starts on line 5 (the second one's quoted name takes two lines).
        await page.ChangeAsync(TextArea, "recipient;email\nEve;eve@example.com\n");
        var refusal = new InvalidRecipientException(3, "{email} is empty: the template's text needs it.");
        await page.InvokeAsync(() => Session.UploadFailed("f1", refusal.Message, false, refusal.Row));

        page.WaitForAssertion(() => Assert.Equal("failed", page.Find("[data-upload='a.mp4']").GetAttribute("data-status")), Wait);
        Assert.Equal("Line 5: {email} is empty: the template's text needs it.", page.Find("[data-upload='a.mp4'] [data-testid='upload-error']").TextContent.Trim());

        // A refusal that names no recipient is shown as it came.
        await page.ClickAsync("[data-testid='upload-all']");
        await page.InvokeAsync(() => Session.UploadFailed("f1", "The portal answered HTTP 503.", false, null));
        page.WaitForAssertion(() => Assert.Equal("The portal answered HTTP 503.", page.Find("[data-upload='a.mp4'] [data-testid='upload-error']").TextContent.Trim()), Wait);
    }

    /// <summary>The upload page with a file chosen, the two-variable template picked and "Copies for recipients" on.</summary>
    private async Task<IRenderedComponent<Upload>> OpenWithTemplateAsync()
    {
        await StartAsync();
        await Services.GetRequiredService<Portal.Services.TemplateLibrary>().SaveAsync(new WatermarkTemplate
        {
            Name = "screener",
            Layers = [new TemplateLayer { Type = LayerType.Text, Text = "For {recipient} <{email}>", Size = 0.1 }],
        });
        var page = Render<Upload>();
        page.WaitForElement(".preview-mark", Wait);
        await page.InvokeAsync(() => Session.FilesAdded([new FileAdded("f1", "a.mp4", 1000, "video/mp4", null)]));
        await page.ClickAsync("input[data-testid='kind-template'], [data-testid='kind-template'] input");
        page.WaitForElement("[data-variable='email']", Wait);
        await page.Find(Switch).ChangeAsync(new ChangeEventArgs { Value = true });
        page.WaitForElement(TextArea, Wait);
        return page;
    }
}
