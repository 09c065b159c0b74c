using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>
/// Each library image's visible part is measured once, when it is added (or seeded, or first listed when stored
/// before), kept beside it and listed; an image with nothing visible is refused at upload.
/// </summary>
public sealed class WatermarkVisibleAreaApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly TempFolder work = new();
    private readonly HttpClient http;

    public WatermarkVisibleAreaApiTests() => http = portal.CreateClient();

    private IObjectStore Store => portal.Services.GetRequiredService<IObjectStore>();

    [Fact]
    public async Task The_seed_watermark_is_listed_with_the_box_of_its_text_and_the_box_is_kept_beside_it()
    {
        var seed = await ListedAsync("watermark.png");

        Assert.Equal(DefaultWatermark.Visible, VisibleOf(seed));
        Assert.NotNull(await Store.HeadAsync(ObjectKeys.WatermarkFactsKey(ObjectKeys.DefaultWatermarkKey)));
    }

    [Fact]
    public async Task A_fully_transparent_image_is_refused_at_upload_with_a_clear_message_and_nothing_is_stored()
    {
        var clear = TestMedia.TwoToneImage(Path.Combine(work.Path, "clear.png"), 200, 100, opacity: 0);

        var response = await PostImageAsync("clear.png", await File.ReadAllBytesAsync(clear));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("'clear.png' is fully transparent: none of its pixels would show on a video. Use an image with something drawn on it.", await Refusal.ReasonOf(response));
        Assert.Null(await Store.HeadAsync(ObjectKeys.WatermarkKey("clear.png")));
        Assert.Null(await Store.HeadAsync(ObjectKeys.WatermarkFactsKey(ObjectKeys.WatermarkKey("clear.png"))));
        var list = JsonNode.Parse(await http.GetStringAsync("/api/watermarks"))!.AsArray();
        Assert.DoesNotContain(list, w => w!["name"]!.GetValue<string>() == "clear.png");
    }

    [Fact]
    public async Task An_added_image_is_listed_with_its_visible_box()
    {
        var logo = TestMedia.TwoToneImage(Path.Combine(work.Path, "logo.png"), 120, 40);

        Assert.Equal(HttpStatusCode.Created, (await PostImageAsync("logo.png", await File.ReadAllBytesAsync(logo))).StatusCode);

        Assert.Equal(VisibleArea.Whole(120, 40), VisibleOf(await ListedAsync("logo.png")));
    }

    [Fact]
    public async Task An_image_stored_before_the_box_was_kept_is_measured_on_first_use_and_the_box_stored()
    {
        await ListedAsync("watermark.png");
        var key = ObjectKeys.WatermarkKey("old.png");
        await using (var seed = DefaultWatermark.OpenRead())
        {
            await Store.PutAsync(key, seed, "image/png");
        }

        Assert.Null(await Store.HeadAsync(ObjectKeys.WatermarkFactsKey(key)));

        Assert.Equal(DefaultWatermark.Visible, VisibleOf(await ListedAsync("old.png")));
        Assert.NotNull(await Store.HeadAsync(ObjectKeys.WatermarkFactsKey(key)));
    }

    [Fact]
    public async Task A_kept_box_is_read_back_not_measured_again_and_a_box_for_other_bytes_is_replaced()
    {
        var key = ObjectKeys.WatermarkKey("kept.png");
        await using (var seed = DefaultWatermark.OpenRead())
        {
            await Store.PutAsync(key, seed, "image/png");
        }

        // A record for these very bytes, with a box no decoder would find: the library must take it as kept.
        var stored = (await Store.HeadAsync(key))!;
        var kept = new Pipeline.WatermarkFacts(Pipeline.WatermarkFacts.StampOf(stored), 640, 480, new VisibleArea(1, 2, 3, 4));
        await PutJsonAsync(ObjectKeys.WatermarkFactsKey(key), kept);
        Assert.Equal(new VisibleArea(1, 2, 3, 4), VisibleOf(await ListedAsync("kept.png")));

        // A record left from other bytes of the same name is measured again and replaced.
        var key2 = ObjectKeys.WatermarkKey("stale.png");
        await using (var seed = DefaultWatermark.OpenRead())
        {
            await Store.PutAsync(key2, seed, "image/png");
        }

        await PutJsonAsync(ObjectKeys.WatermarkFactsKey(key2), kept with { Stamp = "other bytes" });
        Assert.Equal(DefaultWatermark.Visible, VisibleOf(await ListedAsync("stale.png")));
    }

    private async Task PutJsonAsync(string key, object value)
    {
        using var body = new MemoryStream(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        await Store.PutAsync(key, body, "application/json");
    }

    private async Task<JsonNode> ListedAsync(string name)
    {
        var list = JsonNode.Parse(await http.GetStringAsync("/api/watermarks"))!.AsArray();
        return list.Single(w => w!["name"]!.GetValue<string>() == name)!;
    }

    private static VisibleArea VisibleOf(JsonNode watermark)
    {
        var v = watermark["visible"]!;
        return new VisibleArea(v["x"]!.GetValue<int>(), v["y"]!.GetValue<int>(), v["width"]!.GetValue<int>(), v["height"]!.GetValue<int>());
    }

    private async Task<HttpResponseMessage> PostImageAsync(string name, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", name);
        return await http.PostAsync("/api/watermarks", form);
    }

    public void Dispose()
    {
        http.Dispose();
        portal.Dispose();
        work.Dispose();
    }
}
