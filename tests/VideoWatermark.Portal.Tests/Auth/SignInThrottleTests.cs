using System.Diagnostics;
using System.Net;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>Password guessing is slowed and then stopped; the right password does not get through a lockout either.</summary>
public sealed class SignInThrottleTests
{
    [Fact]
    public async Task Failed_sign_ins_are_slowed_and_after_the_limit_even_the_right_password_is_refused()
    {
        using var portal = new AuthPortal(AuthPortal.Required(("VideoWatermark:Portal:Auth:MaxFailedSignIns", "3")));
        using var http = portal.Browser();
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            var wrong = await AuthForms.SignInAsync(http, "admin", "guess " + i);
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(350), $"a failed sign-in answered in {clock.ElapsedMilliseconds} ms");
            Assert.Contains("Wrong user name or password.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var locked = await AuthForms.SignInAsync(http, "admin", AuthPortal.Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("Too many failed sign-ins from this address; try again later.", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Script().GetAsync("/api/jobs")).StatusCode);
    }
}
