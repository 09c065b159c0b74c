using System.Net;
using System.Text.RegularExpressions;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>What a browser does with the portal's forms: read the antiforgery token from the page, post the fields.</summary>
public static partial class AuthForms
{
    public static string TokenIn(string html) =>
        AntiforgeryToken().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("The page has no antiforgery token:\n" + html);

    /// <summary>Opens the login page and submits the form; returns the form post's answer.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient http, string user, string password, string returnUrl = "/")
    {
        var page = await http.GetAsync("/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = TokenIn(await page.Content.ReadAsStringAsync());
        return await http.PostAsync("/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
