using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Storage.Disk;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary><c>set-admin-password</c> and the refusal to start open to the network with nobody able to sign in.</summary>
public sealed class AdminPasswordCommandTests
{
    [Fact]
    public async Task The_command_stores_a_hash_that_then_signs_in_and_prints_it_for_a_secret()
    {
        using var data = new TempFolder();
        var run = await PortalProcess.RunAsync(data.Path, "a long enough password\n", null, "set-admin-password");
        Assert.True(run.ExitCode == 0, run.Error);

        var file = Path.Combine(data.Path, ".portal", "admin.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.DoesNotContain("a long enough password", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        var printed = run.Out.Trim();
        Assert.DoesNotContain('\n', printed);
        Assert.Equal(printed, System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file))!["PasswordHash"]!.GetValue<string>());

        // The data folder's hash signs in...
        using (var portal = new AuthPortal(new Dictionary<string, string?> { ["VideoWatermark:Portal:Auth:Mode"] = "required", ["VideoWatermark:DataDir"] = data.Path }))
        {
            Assert.Equal(HttpStatusCode.OK, (await portal.Script(password: "a long enough password").GetAsync("/api/jobs")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Script(password: "another password").GetAsync("/api/jobs")).StatusCode);
            using var browser = portal.Browser();
            Assert.Equal(HttpStatusCode.Redirect, (await AuthForms.SignInAsync(browser, "admin", "a long enough password", "/jobs")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/jobs")).StatusCode);

            // ...and the store never takes it for an object: no key reaches it, no listing shows it.
            Assert.False(DiskKeys.IsValid(".portal/admin.json"));
            var store = portal.Services.GetRequiredService<IObjectStore>();
            using (var note = new MemoryStream("listed"u8.ToArray()))
            {
                await store.PutAsync("logs/listing-check.txt", note, "text/plain");
            }

            var keys = await store.ListAsync("").Select(item => item.Key).ToListAsync();
            Assert.Contains("logs/listing-check.txt", keys);
            Assert.DoesNotContain(keys, key => key.Contains(".portal", StringComparison.Ordinal));
        }

        // ...and so does the printed one, given as a setting to a portal with an empty data folder.
        using var container = new AuthPortal(new Dictionary<string, string?>
        {
            ["VideoWatermark:Portal:Auth:Mode"] = "required",
            ["VideoWatermark:Portal:Auth:AdminPasswordHash"] = printed,
        });
        Assert.Equal(HttpStatusCode.OK, (await container.Script(password: "a long enough password").GetAsync("/api/jobs")).StatusCode);
    }

    [Fact]
    public async Task A_short_password_is_refused_and_nothing_is_written()
    {
        using var data = new TempFolder();
        var run = await PortalProcess.RunAsync(data.Path, "short\n", null, "set-admin-password");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("The password must have at least 8 characters; nothing was changed.", run.Error.Trim());
        Assert.False(File.Exists(Path.Combine(data.Path, ".portal", "admin.json")));
    }

    [Fact]
    public async Task Listening_beyond_loopback_with_nobody_able_to_sign_in_stops_with_the_command_to_run()
    {
        using var data = new TempFolder();
        var run = await PortalProcess.RunAsync(data.Path, null, null, "--urls", "http://0.0.0.0:0");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "Login is required (the portal listens on http://0.0.0.0:0, which is not loopback) but no one can sign in: " +
            "run './scripts/run.sh set-admin-password' (or set VideoWatermark:Portal:Auth:AdminPasswordHash or VideoWatermark:Portal:Auth:Oidc:Authority).",
            run.Error.Trim());
    }

    [Fact]
    public async Task An_unknown_mode_stops_with_the_modes_there_are()
    {
        using var data = new TempFolder();
        var run = await PortalProcess.RunAsync(data.Path, null, new Dictionary<string, string> { ["VideoWatermark__Portal__Auth__Mode"] = "sometimes" });
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "Failed to convert configuration value 'sometimes' at 'VideoWatermark:Portal:Auth:Mode' to type 'VideoWatermark.Portal.Auth.AuthMode'. Use auto, none or required.",
            run.Error.Trim());
    }
}
