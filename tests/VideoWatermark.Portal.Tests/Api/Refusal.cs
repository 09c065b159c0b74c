using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>
/// How a script reads a refusal: RFC 9457 problem details (type, title, status, detail) whose detail is the one-line
/// reason, also kept as the <c>error</c> member that scripts written against the earlier bodies read.
/// </summary>
public static class Refusal
{
    public static async Task<string> ReasonOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(body);
        var status = (int)response.StatusCode;
        Assert.Equal(status, body["status"]!.GetValue<int>());
        Assert.Equal(ReasonPhrases.GetReasonPhrase(status), body["title"]!.GetValue<string>());
        Assert.StartsWith("https://tools.ietf.org/html/rfc", body["type"]!.GetValue<string>(), StringComparison.Ordinal);
        var detail = body["detail"]!.GetValue<string>();
        Assert.Equal(detail, body["error"]!.GetValue<string>());
        return detail;
    }
}
