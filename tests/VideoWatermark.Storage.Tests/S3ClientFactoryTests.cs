using Amazon.Runtime;
using VideoWatermark.Storage.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>Endpoint precedence and the look-alike switches, read through an injected environment.</summary>
public sealed class S3ClientFactoryTests
{
    [Theory]
    [InlineData("http://cfg:1", "http://s3:2", "http://any:3", null, "http://cfg:1/")]
    [InlineData(null, "http://s3:2", "http://any:3", null, "http://s3:2/")]
    [InlineData(null, null, "http://any:3", null, "http://any:3/")]
    [InlineData(null, "http://s3:2", "http://any:3", "true", null)]
    [InlineData("http://cfg:1", "http://s3:2", null, "true", "http://cfg:1/")]
    [InlineData(null, null, null, null, null)]
    public void Endpoint_precedence_matches_the_AWS_SDKs(string? serviceUrl, string? s3Variable, string? genericVariable, string? ignore, string? expected)
    {
        var env = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_S3"] = s3Variable,
            ["AWS_ENDPOINT_URL"] = genericVariable,
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = ignore,
        };

        var endpoint = S3ClientFactory.ResolveEndpoint(new StorageOptions { ServiceUrl = serviceUrl }, name => env.GetValueOrDefault(name));

        Assert.Equal(expected, endpoint?.ToString());
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://s3.amazonaws.com", true)]
    [InlineData("https://s3.eu-west-3.amazonaws.com", true)]
    [InlineData("https://s3.cn-north-1.amazonaws.com.cn", true)]
    [InlineData("http://127.0.0.1:4568", false)]
    [InlineData("https://minio.internal:9000", false)]
    [InlineData("https://amazonaws.com.evil.example", false)]
    public void Only_AWS_hosts_count_as_AWS(string? endpoint, bool aws) =>
        Assert.Equal(aws, S3ClientFactory.IsAws(endpoint is null ? null : new Uri(endpoint)));

    [Fact]
    public void A_look_alike_endpoint_gets_path_style_and_checksums_only_when_required()
    {
        var config = S3ClientFactory.CreateConfig(new StorageOptions { ServiceUrl = "http://127.0.0.1:9" }, _ => null);

        Assert.True(config.ForcePathStyle);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
        Assert.Equal("us-east-1", config.AuthenticationRegion);
    }

    [Fact]
    public void AWS_keeps_the_SDK_defaults_and_the_configured_region()
    {
        var config = S3ClientFactory.CreateConfig(new StorageOptions { Region = "eu-west-3" }, _ => null);

        Assert.False(config.ForcePathStyle);
        Assert.Equal(RequestChecksumCalculation.WHEN_SUPPORTED, config.RequestChecksumCalculation);
        Assert.Equal("eu-west-3", config.RegionEndpoint.SystemName);
    }

    [Fact]
    public void A_bad_endpoint_is_one_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => S3ClientFactory.ResolveEndpoint(new StorageOptions(), n => n == "AWS_ENDPOINT_URL_S3" ? "localhost:9000" : null));

        Assert.Equal("AWS_ENDPOINT_URL_S3 must be an absolute http(s) URL, not 'localhost:9000'.", error.Message);
    }
}
