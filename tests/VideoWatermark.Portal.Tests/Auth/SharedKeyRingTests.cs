using System.Net;
using Amazon.Runtime;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>
/// Several portal tasks on one bucket (s3rver here), as on AWS behind the load balancer: a browser signed in by one
/// is signed in on the other, because the keys behind the cookies are kept in the bucket, where no portal URL reaches.
/// </summary>
public sealed class SharedKeyRingTests : IAsyncLifetime
{
    private S3rverServer s3 = null!;

    public async Task InitializeAsync() => s3 = await S3rverServer.StartAsync("shared", "elsewhere");

    public async Task DisposeAsync() => await s3.DisposeAsync();

    [Fact]
    public async Task A_session_and_a_form_token_from_one_portal_are_accepted_by_another_on_the_same_bucket()
    {
        using var first = Portal("shared");
        using var second = Portal("shared");
        using var elsewhere = Portal("elsewhere");

        using var browser = first.Browser();
        var signedIn = await AuthForms.SignInAsync(browser, "admin", AuthPortal.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("vw-session=", StringComparison.Ordinal)).Split(';')[0];

        Assert.Equal(HttpStatusCode.OK, (await WithCookiesAsync(first, "/api/jobs", session)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithCookiesAsync(second, "/api/jobs", session)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookiesAsync(elsewhere, "/api/jobs", session)).StatusCode);

        // The login form of one task posted to another (the load balancer may pick either): its antiforgery token holds.
        using var raw = Client(first);
        var page = await raw.GetAsync("/login");
        var antiforgery = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = AuthForms.TokenIn(await page.Content.ReadAsStringAsync()),
                ["Input.UserName"] = "admin",
                ["Input.Password"] = AuthPortal.Password,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        using var other = Client(second);
        var answer = await other.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Contains(answer.Headers.GetValues("Set-Cookie"), c => c.StartsWith("vw-session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_keys_are_in_the_bucket_but_no_portal_url_lists_or_serves_them()
    {
        using var portal = Portal("shared");
        using var browser = portal.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await AuthForms.SignInAsync(browser, "admin", AuthPortal.Password)).StatusCode);

        var store = portal.Services.GetRequiredService<IObjectStore>();
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(StoreXmlRepository.Prefix))
        {
            keys.Add(item.Key);
        }

        var key = Assert.Single(keys);
        Assert.StartsWith(".portal/keys/key-", key, StringComparison.Ordinal);

        using var admin = portal.Script();
        foreach (var listing in new[] { "/api/watermarks", "/api/jobs" })
        {
            var response = await admin.GetAsync(listing);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(".portal", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Refusals may echo the name asked for; none may hand out the key itself.
        var name = Path.GetFileName(key);
        foreach (var path in new[]
        {
            $"/api/watermarks/{Uri.EscapeDataString("../" + key)}/image",
            $"/api/watermarks/..%2F.portal%2Fkeys%2F{name}/image",
            $"/api/jobs/{Uri.EscapeDataString("../" + key)}/log",
            $"/storage/blobs/{Uri.EscapeDataString(key)}",
            $"/{key}",
        })
        {
            var response = await admin.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType == "text/html", $"{path}: {response.StatusCode}");
            Assert.DoesNotContain("<key ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("masterKey", body, StringComparison.Ordinal);
        }
    }

    private AuthPortal Portal(string bucket)
    {
        var settings = AuthPortal.Required();
        foreach (var (name, value) in s3.StorageSettings)
        {
            settings[name] = value;
        }

        settings["VideoWatermark:Storage:Bucket"] = bucket;
        return new AuthPortal(settings, services =>
            services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey)));
    }

    private static HttpClient Client(AuthPortal portal) => portal.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = false,
        BaseAddress = new Uri("https://localhost/"),
    });

    private static async Task<HttpResponseMessage> WithCookiesAsync(AuthPortal portal, string path, string cookies)
    {
        using var http = Client(portal);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        return await http.SendAsync(request);
    }
}
