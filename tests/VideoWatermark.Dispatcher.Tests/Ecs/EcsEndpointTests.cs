using VideoWatermark.Aws.Ecs;

namespace VideoWatermark.Dispatcher.Tests.Ecs;

public sealed class EcsEndpointTests
{
    [Theory]
    [InlineData(null, null, null, null, "https://ecs.eu-west-1.amazonaws.com/")]
    [InlineData(null, "http://127.0.0.1:4566/", null, null, "http://127.0.0.1:4566/")]
    [InlineData(null, "http://127.0.0.1:4566/", "http://127.0.0.1:5000/", null, "http://127.0.0.1:5000/")]
    [InlineData("https://ecs.example.test/", "http://127.0.0.1:4566/", "http://127.0.0.1:5000/", null, "https://ecs.example.test/")]
    [InlineData(null, "http://127.0.0.1:4566/", "http://127.0.0.1:5000/", "true", "https://ecs.eu-west-1.amazonaws.com/")]
    public void The_endpoint_is_resolved_as_the_sdks_resolve_it(string? explicitUrl, string? global, string? ecs, string? ignore, string expected)
    {
        var environment = new Dictionary<string, string?>
        {
            [EcsEndpoint.GlobalEndpointVariable] = global,
            [EcsEndpoint.ServiceEndpointVariable] = ecs,
            [EcsEndpoint.IgnoreEndpointsVariable] = ignore,
        };

        Assert.Equal(new Uri(expected), EcsEndpoint.Resolve(explicitUrl, "eu-west-1", name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void China_regions_use_their_own_domain() =>
        Assert.Equal(new Uri("https://ecs.cn-north-1.amazonaws.com.cn/"), EcsEndpoint.Resolve(null, "cn-north-1", _ => null));

    [Fact]
    public void No_region_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EcsEndpoint.ResolveRegion(null, _ => null));
        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }
}
