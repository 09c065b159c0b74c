using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VideoWatermark.Portal.Tests.Infrastructure;

/// <summary>What a script does with the API: announce, PUT, poll, download. JSON is read as the wire carries it.</summary>
public static class ApiClient
{
    public static async Task<(HttpResponseMessage Response, JsonObject Body)> PostJsonAsync(this HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>PUTs the file to the signed URL with exactly the headers the API said to send.</summary>
    public static async Task<HttpResponseMessage> PutSignedAsync(this HttpClient http, JsonObject ticket, string file)
    {
        using var request = new HttpRequestMessage(new HttpMethod(ticket["method"]!.GetValue<string>()), ticket["uploadUrl"]!.GetValue<string>());
        request.Content = new StreamContent(File.OpenRead(file));
        foreach (var (name, value) in ticket["headers"]!.AsObject())
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value!.GetValue<string>());
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value!.GetValue<string>());
            }
        }

        return await http.SendAsync(request);
    }

    public static async Task<JsonObject> GetJobAsync(this HttpClient http, string jobId)
    {
        var text = await http.GetStringAsync($"/api/jobs/{jobId}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Polls the job until it reaches a final state; fails with the job's last state after the timeout.</summary>
    public static async Task<JsonObject> WaitForFinalAsync(this HttpClient http, string jobId, TimeSpan? timeout = null)
    {
        JsonObject? last = null;
        return await Eventually.WaitAsync(
            async () =>
            {
                last = await http.GetJobAsync(jobId);
                return last["state"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled" ? last : null;
            },
            timeout ?? TimeSpan.FromSeconds(90),
            () => $"Job {jobId} did not finish in time; last seen: {last?.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");
    }
}
