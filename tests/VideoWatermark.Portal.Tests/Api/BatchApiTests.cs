using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Events;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Services.Batches;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;
using Xunit.Abstractions;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>
/// Recipient batches through the API on the embedded store with the local pool: one upload, a personal copy per
/// recipient, the copies as one ZIP and the manifest that names them.
/// </summary>
public sealed class BatchApiTests(ITestOutputHelper output) : IDisposable
{
    // The personal layer: the recipient's name at the bottom left, the only thing that differs between copies.
    private const string Screener = """
        { "name": "screener", "layers": [
          { "type": "text", "text": "For {recipient}", "position": "bottom-left", "margin": 0.04, "size": 0.1, "outline": true } ] }
        """;

    // The same name shown from 0.5 s for 1 s every 6 s, as screener services do: on a 12 s clip with the 2 s grid the
    // copies re-encode only the cells [0, 2) and [6, 8) and take the rest from the batch's shared pieces.
    private const string WindowedScreener = """
        { "name": "screener", "layers": [
          { "type": "text", "text": "For {recipient}", "position": "bottom-left", "margin": 0.04, "size": 0.1, "outline": true,
            "start": 0.5, "repeat": { "every": 6, "for": 1 } } ] }
        """;

    /// <summary>
    /// Inside the personal cells, outside the name's band, two encodes of the same picture are not bit-identical: the
    /// encoder's rate control sees a slightly different frame, so other blocks get slightly different quantisation.
    /// What is allowed there: a pixel channel off by more than <see cref="NoiseTolerance"/> levels on at most
    /// <see cref="MaxChangedNoise"/> of the pixels, and a mean difference under <see cref="MaxMeanNoise"/> levels; a
    /// name drawn there would break both by far. Outside the personal cells the copies are identical.
    /// </summary>
    private const int NoiseTolerance = 24;

    private const double MaxChangedNoise = 0.002;

    private const double MaxMeanNoise = 1.5;

    private readonly PortalFactory portal = new();
    private readonly TempFolder work = new();

    [Fact]
    public async Task A_batch_of_three_makes_three_copies_differing_only_in_the_personal_layer_zipped_with_the_manifests_sha256()
    {
        var http = portal.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await PostTemplateAsync(http, WindowedScreener)).StatusCode);
        var clip = await Clips.GetAsync(12);
        string[] names = ["Ana Díaz", "Bob O'Brien", "Zoë/Ångström"];

        var (created, ticket) = await http.PostJsonAsync("/api/videos", new
        {
            fileName = "clip.mp4",
            contentType = "video/mp4",
            size = new FileInfo(clip).Length,
            template = "screener",
            recipients = names.Select((n, i) => new Dictionary<string, string> { ["recipient"] = n, ["email"] = $"r{i + 1}@example.com", ["company"] = "ACME" }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var batchId = ticket["batchId"]!.GetValue<string>();
        var jobIds = ticket["jobIds"]!.AsArray().Select(j => j!.GetValue<string>()).ToList();
        Assert.Equal(3, jobIds.Distinct().Count());
        Assert.Equal(jobIds[0], ticket["jobId"]!.GetValue<string>());
        Assert.Equal($"/api/batches/{batchId}", created.Headers.Location?.OriginalString);

        Assert.Equal(HttpStatusCode.OK, (await http.PutSignedAsync(ticket, clip)).StatusCode);
        foreach (var id in jobIds)
        {
            var job = await http.WaitForFinalAsync(id, TimeSpan.FromSeconds(180));
            Assert.True(job["state"]!.GetValue<string>() == "succeeded", $"job {id} ended {job["state"]}: {job["error"]}");
        }

        var batch = JsonNode.Parse(await http.GetStringAsync($"/api/batches/{batchId}"))!.AsObject();
        var rows = batch["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(3, batch["done"]!.GetValue<int>());
        Assert.True(batch["finished"]!.GetValue<bool>());
        Assert.Equal(names, rows.Select(r => r["recipient"]!.GetValue<string>()));
        Assert.Equal(["watermark-clip-Ana-Díaz.mp4", "watermark-clip-Bob-O-Brien.mp4", "watermark-clip-Zoë-Ångström.mp4"], rows.Select(r => r["outputFileName"]!.GetValue<string>()));
        Assert.Equal(jobIds, rows.Select(r => r["jobId"]!.GetValue<string>()));

        var copies = new List<string>();
        foreach (var row in rows)
        {
            var path = Path.Combine(work.Path, row["outputFileName"]!.GetValue<string>());
            await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync(row["downloadUrl"]!.GetValue<string>()));
            copies.Add(path);
        }

        // Decoded pixels: outside the name's windows (the cells it shows in) the copies are the same picture, every
        // pixel; in the windows each pair differs in the band of the personal layer, and outside it by the encoder's
        // noise only (its rate control sees a slightly different frame, so other blocks get a slightly different QP).
        var whole = new Region(0, 0, Clips.Width, Clips.Height);
        foreach (var t in new[] { 2.5, 3.5, 5.5, 8.5, 9.5, 11.5 })
        {
            var frames = copies.Select(c => Frames.At(c, t)).ToList();
            foreach (var (a, b) in new[] { (0, 1), (0, 2), (1, 2) })
            {
                Assert.True(MaxDiff(frames[a], frames[b], whole) == 0, FormattableString.Invariant($"copies {a + 1} and {b + 1} differ at {t} s, outside the name's windows"));
            }
        }

        var band = new Region(0, Clips.Height - 60, Clips.Width, 60);
        var above = new Region(0, 0, Clips.Width, band.Y);
        var (worstMean, worstChanged, worstPixel) = (0.0, 0.0, 0);
        foreach (var t in new[] { 0.6, 1.0, 1.4, 6.6, 7.0, 7.4 })
        {
            var frames = copies.Select(c => Frames.At(c, t)).ToList();
            Assert.True(Frames.ChangedFraction(Frames.At(clip, t), frames[0], band) > 0.01, "the name is drawn over the picture");
            foreach (var (a, b) in new[] { (0, 1), (0, 2), (1, 2) })
            {
                Assert.True(Frames.ChangedFraction(frames[a], frames[b], band) > 0.01, $"copies {a + 1} and {b + 1} show different names at {t} s");
                worstMean = Math.Max(worstMean, Frames.MeanAbsDiff(frames[a], frames[b], above));
                worstChanged = Math.Max(worstChanged, Frames.ChangedFraction(frames[a], frames[b], above, NoiseTolerance));
                worstPixel = Math.Max(worstPixel, MaxDiff(frames[a], frames[b], above));
            }
        }

        output.WriteLine(FormattableString.Invariant(
            $"In the name's windows, outside its band: mean difference {worstMean:0.###} levels, pixels off by more than {NoiseTolerance} levels {worstChanged:P3}, largest channel difference {worstPixel}."));
        Assert.True(worstMean < MaxMeanNoise, FormattableString.Invariant($"outside the personal layer the copies differ by {worstMean:0.###} levels on average"));
        Assert.True(worstChanged < MaxChangedNoise, FormattableString.Invariant($"outside the personal layer {worstChanged:P3} of the pixels differ by more than {NoiseTolerance} levels"));

        // The ZIP holds exactly the three copies, and each one's SHA-256 is the manifest's and the job's.
        using var zipResponse = await http.GetAsync($"/api/batches/{batchId}/download.zip");
        Assert.Equal(HttpStatusCode.OK, zipResponse.StatusCode);
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await zipResponse.Content.ReadAsByteArrayAsync()));
        var zipped = zip.Entries.ToDictionary(e => e.FullName, Sha256Of);
        Assert.Equal(rows.Select(r => r["outputFileName"]!.GetValue<string>()).Order(), zipped.Keys.Order());

        var manifest = await ReadCsvAsync(http, $"/api/batches/{batchId}/manifest.csv");
        Assert.Equal(["row", "recipient", "email", "file", "state", "sha256", "download_url", "expires_at"], manifest[0]);
        Assert.Equal(3, manifest.Count - 1);
        foreach (var (line, i) in manifest.Skip(1).Select((l, i) => (l, i)))
        {
            Assert.Equal(names[i], line[1]);
            Assert.Equal($"r{i + 1}@example.com", line[2]);
            Assert.Equal("succeeded", line[4]);
            Assert.Equal(zipped[line[3]], line[5]);
            Assert.Equal(rows[i]["outputSha256"]!.GetValue<string>(), line[5]);
            Assert.Equal(line[5], Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(copies[i]))));
            Assert.Equal(line[5], Convert.ToHexStringLower(SHA256.HashData(await http.GetByteArrayAsync(line[6]))));
            var expires = DateTimeOffset.Parse(line[7], CultureInfo.InvariantCulture);
            Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        }

        // The upload's event delivered again starts nothing: every job keeps its one attempt.
        var inputKey = ticket["key"]!.GetValue<string>();
        var store = portal.Services.GetRequiredService<IObjectStore>();
        var landed = await store.HeadAsync(inputKey) ?? throw new InvalidOperationException("the upload is gone");
        var again = await portal.Services.GetRequiredService<DispatchService>().HandleAsync(ObjectCreated.Landed(store.Bucket, landed));
        Assert.Equal(DispatchOutcome.Duplicate, again.Outcome);
        foreach (var id in jobIds)
        {
            var job = await http.GetJobAsync(id);
            Assert.Equal(("succeeded", 1), (job["state"]!.GetValue<string>(), job["attempts"]!.GetValue<int>()));
            Assert.Equal(inputKey, job["inputKey"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_recipient_leaving_a_token_empty_refuses_the_whole_batch_naming_the_row_and_nothing_is_written()
    {
        var http = portal.CreateClient();
        await PostTemplateAsync(http, """
            { "name": "screener", "layers": [ { "type": "text", "text": "For {recipient} <{email}>", "position": "bottom-left" } ] }
            """);

        var (blank, blankBody) = await AnnounceAsync(http, [
            new() { ["recipient"] = "Ana", ["email"] = "ana@example.com" },
            new() { ["recipient"] = "Bob", ["email"] = "bob@example.com" },
            new() { ["recipient"] = "Chen", ["email"] = "  " },
        ]);
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Equal("Recipient 3: {email} is empty: the template's text needs it.", await Refusal.ReasonOf(blank));
        // The row is named apart from the text too, for a client that sent its rows from a list of its own.
        Assert.Equal(3, blankBody["recipient"]!.GetValue<int>());

        var (missing, _) = await AnnounceAsync(http, [new() { ["recipient"] = "Ana", ["email"] = "ana@example.com" }, new() { ["email"] = "bob@example.com" }]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("Recipient 2: {recipient} is empty: the template's text needs it.", await Refusal.ReasonOf(missing));

        var (badKey, badKeyBody) = await AnnounceAsync(http, [new() { ["recipient"] = "Ana", ["email"] = "a@example.com", ["e mail"] = "x" }]);
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.StartsWith("Recipient 1: 'e mail' is not a variable name", await Refusal.ReasonOf(badKey), StringComparison.Ordinal);
        Assert.Equal(1, badKeyBody["recipient"]!.GetValue<int>());

        var (empty, _) = await AnnounceAsync(http, []);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        var (noTemplate, _) = await http.PostJsonAsync("/api/videos", new { fileName = "clip.mp4", contentType = "video/mp4", size = 1000, recipients = new[] { new { recipient = "Ana" } } });
        Assert.Equal(HttpStatusCode.BadRequest, noTemplate.StatusCode);
        Assert.Contains("template", await Refusal.ReasonOf(noTemplate), StringComparison.Ordinal);

        Assert.Empty(JsonNode.Parse(await http.GetStringAsync("/api/jobs"))!.AsArray());
        Assert.False(Directory.Exists(Path.Combine(portal.DataDir, "batches")) && Directory.EnumerateFileSystemEntries(Path.Combine(portal.DataDir, "batches")).Any());
        Assert.False(Directory.Exists(Path.Combine(portal.DataDir, "jobs", "outputs")) && Directory.EnumerateFileSystemEntries(Path.Combine(portal.DataDir, "jobs", "outputs")).Any());
    }

    [Fact]
    public async Task More_recipients_than_MaxRecipients_are_refused_naming_the_setting()
    {
        using var limited = new PortalFactory(new Dictionary<string, string?> { ["VideoWatermark:Limits:MaxRecipients"] = "2" });
        var http = limited.CreateClient();
        await PostTemplateAsync(http, Screener);

        var (ok, _) = await AnnounceAsync(http, [new() { ["recipient"] = "Ana" }, new() { ["recipient"] = "Bob" }]);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var (refused, _) = await AnnounceAsync(http, [new() { ["recipient"] = "Ana" }, new() { ["recipient"] = "Bob" }, new() { ["recipient"] = "Chen" }]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("The batch has 3 recipients; the limit is 2 (VideoWatermark:Limits:MaxRecipients).", await Refusal.ReasonOf(refused));
    }

    [Fact]
    public async Task Output_names_are_unique_in_the_batch_and_safe_on_any_file_system_and_cancelling_the_upload_cancels_every_job()
    {
        var http = portal.CreateClient();
        await PostTemplateAsync(http, Screener);
        string[] names = ["Ana Díaz", "ana díaz", "Ana/Di\u0301az", "../../etc/passwd", "a:b*c?\"<>|", "CON", "-", new string('x', 150), "  "];

        var (created, ticket) = await AnnounceAsync(http, [.. names.Select(n => new Dictionary<string, string> { ["recipient"] = n })]);
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Equal("Recipient 9: {recipient} is empty: the template's text needs it.", await Refusal.ReasonOf(created));

        (created, ticket) = await AnnounceAsync(http, [.. names[..^1].Select(n => new Dictionary<string, string> { ["recipient"] = n })]);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var batchId = ticket["batchId"]!.GetValue<string>();
        var batch = JsonNode.Parse(await http.GetStringAsync($"/api/batches/{batchId}"))!.AsObject();
        var files = batch["rows"]!.AsArray().Select(r => r!["outputFileName"]!.GetValue<string>()).ToList();
        Assert.Equal(
            ["watermark-clip-Ana-Díaz.mp4", "watermark-clip-ana-díaz-2.mp4", "watermark-clip-Ana-Díaz-3.mp4", "watermark-clip-etc-passwd.mp4",
             "watermark-clip-a-b-c.mp4", "watermark-clip-CON.mp4", "watermark-clip-recipient-7.mp4", $"watermark-clip-{new string('x', 80)}.mp4"],
            files);
        Assert.Equal(files.Count, files.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(files, f => Assert.True(f.IndexOfAny(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) < 0 && f.IsNormalized(NormalizationForm.FormC), f));

        var jobIds = ticket["jobIds"]!.AsArray().Select(j => j!.GetValue<string>()).ToList();
        using var cancel = await http.DeleteAsync($"/api/videos/{jobIds[0]}");
        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        foreach (var id in jobIds)
        {
            Assert.Equal("cancelled", (await http.GetJobAsync(id))["state"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Copies_cancelled_or_deleted_before_the_upload_lands_leave_the_others_to_start_and_the_upload_goes_on_by_the_batch()
    {
        using var multipart = new PortalFactory(new Dictionary<string, string?> { ["VideoWatermark:Portal:MultipartThresholdBytes"] = "1" });
        var http = multipart.CreateClient();
        await PostTemplateAsync(http, Screener);
        var clip = await Clips.GetAsync(2);
        var (_, ticket) = await http.PostJsonAsync("/api/videos", new
        {
            fileName = "clip.mp4",
            contentType = "video/mp4",
            size = new FileInfo(clip).Length,
            template = "screener",
            recipients = new[] { "Ana", "Bo", "Cy", "Di" }.Select(n => new Dictionary<string, string> { ["recipient"] = n }),
        });
        var batchId = ticket["batchId"]!.GetValue<string>();
        var jobIds = ticket["jobIds"]!.AsArray().Select(j => j!.GetValue<string>()).ToList();
        var uploadId = Uri.EscapeDataString(ticket["multipart"]!["uploadId"]!.GetValue<string>());

        // While the video is on its way, the first copy is cancelled and deleted and the second cancelled.
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/jobs/{jobIds[0]}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/jobs/{jobIds[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/jobs/{jobIds[1]}/cancel", null)).StatusCode);

        // The upload goes on under the batch's id, which no copy's deletion takes away.
        var (signedAnswer, signed) = await http.PostJsonAsync($"/api/videos/{batchId}/parts/1?uploadId={uploadId}", new { });
        Assert.Equal(HttpStatusCode.OK, signedAnswer.StatusCode);
        using var partRequest = new HttpRequestMessage(HttpMethod.Put, signed["url"]!.GetValue<string>()) { Content = new ByteArrayContent(await File.ReadAllBytesAsync(clip)) };
        using var part = await http.SendAsync(partRequest);
        Assert.Equal(HttpStatusCode.OK, part.StatusCode);
        var (complete, _) = await http.PostJsonAsync($"/api/videos/{batchId}/complete", new { uploadId, parts = new[] { new { partNumber = 1, eTag = part.Headers.ETag!.Tag } } });
        Assert.Equal(HttpStatusCode.NoContent, complete.StatusCode);

        foreach (var id in jobIds[2..])
        {
            var job = await http.WaitForFinalAsync(id, TimeSpan.FromSeconds(120));
            Assert.True(job["state"]!.GetValue<string>() == "succeeded", $"job {id} ended {job["state"]}: {job["error"]}");
        }

        var batch = JsonNode.Parse(await http.GetStringAsync($"/api/batches/{batchId}"))!.AsObject();
        var rows = batch["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(["cancelled", "cancelled", "succeeded", "succeeded"], rows.Select(r => r["state"]!.GetValue<string>()));
        Assert.Equal("The job was deleted.", rows[0]["error"]!.GetValue<string>());
        Assert.Equal(2, batch["done"]!.GetValue<int>());
        Assert.True(batch["finished"]!.GetValue<bool>());
        Assert.Equal("cancelled", (await http.GetJobAsync(jobIds[1]))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_callback_url_is_held_to_the_one_rule_of_webhook_targets_and_refused_in_its_words()
    {
        var http = portal.CreateClient();
        await PostTemplateAsync(http, Screener);
        var rule = new WebhookTargets(new EventsOptions());

        const string Malformed = "ftp://example.com/hook";
        var (refused, _) = await AnnounceAsync(http, [new() { ["recipient"] = "Ana" }], Malformed);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(Assert.Throws<InvalidInputException>(() => rule.Validate(Malformed)).Message, await Refusal.ReasonOf(refused));

        // As long as the rule takes, and not a character more.
        const string Start = "https://1.1.1.1/hooks/";
        var longest = Start + new string('a', 2048 - Start.Length);
        Assert.Equal(longest, rule.Validate(longest).AbsoluteUri);
        var (created, ticket) = await AnnounceAsync(http, [new() { ["recipient"] = "Ana" }], longest);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var batch = await portal.Services.GetRequiredService<BatchStore>().GetAsync(ticket["batchId"]!.GetValue<string>());
        Assert.Equal(longest, batch!.CallbackUrl);

        var (tooLong, _) = await AnnounceAsync(http, [new() { ["recipient"] = "Ana" }], longest + "a");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(Assert.Throws<InvalidInputException>(() => rule.Validate(longest + "a")).Message, await Refusal.ReasonOf(tooLong));
    }

    [Fact]
    public async Task Someone_elses_batch_does_not_exist_for_them()
    {
        var http = portal.CreateClient();
        await PostTemplateAsync(http, Screener);
        var (_, ticket) = await AnnounceAsync(http, [new() { ["recipient"] = "Ana" }]);
        var batchId = ticket["batchId"]!.GetValue<string>();

        var batches = portal.Services.CreateScope().ServiceProvider.GetRequiredService<BatchService>();
        var stranger = PortalUser.Create("mallory", admin: false, "test");
        var admin = PortalUser.Create("root", admin: true, "test");
        Assert.Null(await batches.GetAsync(batchId, stranger));
        Assert.NotNull(await batches.GetAsync(batchId, admin));

        using var unknown = await http.GetAsync($"/api/batches/{JobIds.New()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var notReady = await http.GetAsync($"/api/batches/{batchId}/download.zip");
        Assert.Equal(HttpStatusCode.Conflict, notReady.StatusCode);
    }

    public void Dispose()
    {
        portal.Dispose();
        work.Dispose();
    }

    private static Task<(HttpResponseMessage Response, JsonObject Body)> AnnounceAsync(HttpClient http, List<Dictionary<string, string>> recipients, string? callbackUrl = null) =>
        http.PostJsonAsync("/api/videos", new { fileName = "clip.mp4", contentType = "video/mp4", size = 1000, template = "screener", recipients, callbackUrl });

    private static async Task<HttpResponseMessage> PostTemplateAsync(HttpClient http, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await http.PostAsync("/api/templates", content);
    }

    private static async Task<List<string[]>> ReadCsvAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StringReader(await response.Content.ReadAsStringAsync());
        using var csv = new CsvParser(reader, CultureInfo.InvariantCulture);
        var lines = new List<string[]>();
        while (await csv.ReadAsync())
        {
            lines.Add(csv.Record!);
        }

        return lines;
    }

    private static string Sha256Of(ZipArchiveEntry entry)
    {
        using var data = entry.Open();
        return Convert.ToHexStringLower(SHA256.HashData(data));
    }

    private static int MaxDiff(RgbFrame a, RgbFrame b, Region region)
    {
        var worst = 0;
        for (var y = region.Y; y < region.Bottom; y++)
        {
            for (var x = region.X; x < region.Right; x++)
            {
                var (p, q) = (a[x, y], b[x, y]);
                worst = Math.Max(worst, Math.Max(Math.Abs(p.R - q.R), Math.Max(Math.Abs(p.G - q.G), Math.Abs(p.B - q.B))));
            }
        }

        return worst;
    }
}
