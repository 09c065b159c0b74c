using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace LoadBench;

/// <summary>
/// N concurrent uploads through the portal, as a script or the browser makes them: announce (POST /api/videos), then
/// one signed PUT, or signed parts four at a time and a complete call when the portal answers with a multipart plan.
/// Then every stored object is checked (size, SHA-256, and for single PUTs the ETag against the MD5 sent) and every
/// job is followed until it is final, while the portal's memory is sampled.
/// </summary>
internal static class UploadLoad
{
    private const int ParallelParts = 4;

    public static async Task<int> RunAsync(Args args)
    {
        var portal = new Uri(args.Text("portal"));
        var dataDir = args.Text("data");
        var pid = (int)args.Number("pid", 0);
        var count = (int)args.Number("count", 50);
        var size = args.Number("size", 50L * 1024 * 1024);
        var clip = await File.ReadAllBytesAsync(args.Text("clip"));
        var label = args.Text("label", "run");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = portal, Timeout = TimeSpan.FromMinutes(10) };
        var videos = Enumerable.Range(1, count).Select(i => new SyntheticVideo(clip, i, size)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        await using var sampler = new RssSampler(pid, TimeSpan.FromMilliseconds(50));
        var before = sampler.Read();
        sampler.Phase("uploads");
        var watch = Stopwatch.StartNew();
        var uploads = await Task.WhenAll(videos.Select(v => UploadAsync(http, v)));
        var uploadSeconds = watch.Elapsed.TotalSeconds;

        sampler.Phase("jobs");
        var finals = await Task.WhenAll(uploads.Select(u => WaitFinalAsync(http, u.JobId)));
        var allSeconds = watch.Elapsed.TotalSeconds;

        sampler.Phase("after");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var after = sampler.Read();

        // Checked after the runs so the hashing does not compete with the portal for the two cores.
        var problems = new List<string>();
        foreach (var (video, upload) in videos.Zip(uploads))
        {
            var (sha256, md5) = video.Hashes();
            var path = Path.Combine(dataDir, upload.Key);
            var stored = new FileInfo(path);
            if (!stored.Exists || stored.Length != video.Size)
            {
                problems.Add($"{upload.Key}: stored {(stored.Exists ? stored.Length : -1)} bytes, sent {video.Size}");
                continue;
            }

            await using var file = File.OpenRead(path);
            var storedSha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
            if (storedSha != sha256)
            {
                problems.Add($"{upload.Key}: SHA-256 {storedSha}, sent {sha256}");
            }

            if (upload.ETag is { } etag && etag != md5)
            {
                problems.Add($"{upload.Key}: ETag {etag}, MD5 sent {md5}");
            }
        }

        var states = finals.GroupBy(f => f.State).Select(g => $"{g.Key} {g.Count()}");
        problems.AddRange(finals.Where(f => f.State != "succeeded").Select(f => $"job {f.Id}: {f.State} {f.Error}"));

        var peaks = sampler.Peaks();
        var peak = peaks.Max(p => p.Peak);
        Console.WriteLine($"{label}: {count} x {Stats.Mb(size)} MiB, {uploads.Count(u => u.Parts > 1)} multipart ({uploads.Max(u => u.Parts)} parts max), {uploads.Count(u => u.Parts == 1)} single PUT");
        Console.WriteLine($"{label}: uploads took {uploadSeconds:0.0} s ({count * size / uploadSeconds / 1048576:0} MiB/s), all jobs final after {allSeconds:0.0} s: {string.Join(", ", states)}");
        Console.WriteLine($"{label}: verified {count - problems.Count(p => !p.StartsWith("job", StringComparison.Ordinal))}/{count} stored objects (size + SHA-256{(uploads.Any(u => u.ETag is not null) ? " + ETag=MD5 for single PUTs" : "")})");
        Console.WriteLine($"{label}: portal VmRSS MiB: before {Stats.Mb(sampler.Baseline)}; peak while {string.Join(", ", peaks.Where(p => p.Phase != "before").Select(p => $"{p.Phase} {Stats.Mb(p.Peak)}"))}; at the end {Stats.Mb(after.Rss)}; VmHWM before {Stats.Mb(before.Hwm)} after {Stats.Mb(after.Hwm)}");
        Console.WriteLine($"{label}: peak growth {Stats.Mb(peak - sampler.Baseline)} MiB (VmRSS peak - before), VmHWM growth {Stats.Mb(after.Hwm - before.Hwm)} MiB; load {Stats.LoadAverage()}");
        foreach (var problem in problems)
        {
            Console.WriteLine($"{label}: PROBLEM {problem}");
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private static async Task<Upload> UploadAsync(HttpClient http, SyntheticVideo video)
    {
        var announce = await http.PostAsJsonAsync("api/videos", new
        {
            fileName = $"load-{video.Number:00}.mp4",
            contentType = "video/mp4",
            size = video.Size,
            placement = new { position = "bottom-right", margin = 0.04, scale = 0.3, opacity = 0.8 },
        });
        var ticket = await Json(announce);
        var jobId = (string)ticket["jobId"]!;
        var key = (string)ticket["key"]!;
        if (ticket["multipart"] is not JsonObject plan)
        {
            var etag = await PutAsync(http, (string)ticket["uploadUrl"]!, (JsonObject)ticket["headers"]!, video.Open(0, video.Size));
            return new Upload(jobId, key, 1, etag);
        }

        var uploadId = (string)plan["uploadId"]!;
        var partSize = (long)plan["partSize"]!;
        var partCount = (int)plan["partCount"]!;
        var etags = new string[partCount];
        var next = 0;
        async Task SendPartsAsync()
        {
            for (var n = Interlocked.Increment(ref next); n <= partCount; n = Interlocked.Increment(ref next))
            {
                var sign = await http.PostAsync($"api/videos/{jobId}/parts/{n}?uploadId={Uri.EscapeDataString(uploadId)}", null);
                var part = await Json(sign);
                var start = (n - 1) * partSize;
                etags[n - 1] = await PutAsync(http, (string)part["url"]!, (JsonObject)part["headers"]!, video.Open(start, Math.Min(partSize, video.Size - start)));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(ParallelParts, partCount)).Select(_ => SendPartsAsync()));
        var complete = await http.PostAsJsonAsync($"api/videos/{jobId}/complete", new
        {
            uploadId,
            parts = etags.Select((e, i) => new { partNumber = i + 1, eTag = e }),
        });
        await Ensure(complete);
        return new Upload(jobId, key, partCount, null);
    }

    private static async Task<string> PutAsync(HttpClient http, string url, JsonObject headers, Stream body)
    {
        using var content = new StreamContent(body, 256 * 1024);
        content.Headers.ContentLength = body.Length;
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, (string?)value))
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, (string?)value);
            }
        }

        using var response = await http.SendAsync(request);
        await Ensure(response);
        return response.Headers.ETag?.Tag.Trim('"') ?? throw new InvalidOperationException($"PUT {url}: no ETag");
    }

    private static async Task<Final> WaitFinalAsync(HttpClient http, string jobId)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var job = await Json(await http.GetAsync($"api/jobs/{jobId}"));
            var state = (string)job["state"]!;
            if (state is "succeeded" or "failed" or "cancelled" || deadline.Elapsed > TimeSpan.FromMinutes(15))
            {
                return new Final(jobId, state, (string?)job["error"]);
            }

            await Task.Delay(500);
        }
    }

    private static async Task<JsonObject> Json(HttpResponseMessage response)
    {
        await Ensure(response);
        return (JsonObject)(await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    private static async Task Ensure(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed record Upload(string JobId, string Key, int Parts, string? ETag);

    private sealed record Final(string Id, string State, string? Error);
}
