using System.Net;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Events;

namespace VideoWatermark.Core.Tests.Events;

public sealed class PrivateAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // the cloud metadata service
    [InlineData("100.64.0.1")] // carrier-grade NAT
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fe80::1%2")]
    [InlineData("fd00::1")] // unique local
    [InlineData("fc12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")] // IPv4-mapped
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of 169.254.169.254
    [InlineData("2002:7f00:1::")] // 6to4 of 127.0.0.1
    public void Refuses(string address) => Assert.True(PrivateAddresses.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::6810:84e5")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void Allows(string address) => Assert.False(PrivateAddresses.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://[::1]:8080/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://receiver.localhost/")]
    [InlineData("http://[::ffff:192.168.0.1]/")]
    [InlineData("http://intranet/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("/relative")]
    [InlineData("https://user:pw@example.com/hook")]
    public void A_target_is_refused_at_request_time(string url) =>
        Assert.Throws<InvalidInputException>(() => new WebhookTargets(new EventsOptions()).Validate(url));

    [Fact]
    public void A_public_target_passes_and_a_private_one_too_when_allowed()
    {
        Assert.Equal("example.com", new WebhookTargets(new EventsOptions()).Validate("https://example.com/hooks?token=x").Host);
        Assert.Equal("127.0.0.1", new WebhookTargets(new EventsOptions { AllowPrivateTargets = true }).Validate("http://127.0.0.1:9000/hook").Host);
    }

    [Fact]
    public async Task A_name_that_resolves_to_a_private_address_is_refused_and_localhost_without_a_lookup()
    {
        var targets = new WebhookTargets(new EventsOptions());
        // This machine's own name resolves (hosts file or DNS) to a loopback or private address on any test machine.
        var host = System.Net.Dns.GetHostName();
        var refused = await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => targets.ResolveAsync(host, CancellationToken.None));
        Assert.Contains("private address", refused.Message, StringComparison.Ordinal);
        var local = await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => targets.ResolveAsync("api.localhost", CancellationToken.None));
        Assert.Contains("this machine", local.Message, StringComparison.Ordinal);
        Assert.NotEmpty(await new WebhookTargets(new EventsOptions { AllowPrivateTargets = true }).ResolveAsync(host, CancellationToken.None));
    }
}
