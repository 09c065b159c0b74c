using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Storage.Tests;

/// <summary>Tests that change the process environment run alone, after every parallel test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>
/// The standard AWS variables reach the S3 client exactly as the AWS SDK reads them: a client configured with nothing
/// but a bucket finds s3rver through <c>AWS_ENDPOINT_URL_S3</c> (or <c>AWS_ENDPOINT_URL</c>), and an explicit
/// ServiceUrl wins over both.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class S3EnvironmentTests(S3rverServer server) : IClassFixture<S3rverServer>
{
    private static readonly string[] Variables =
        ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

    [Fact]
    public Task Only_AWS_ENDPOINT_URL_S3_set_reaches_s3rver() =>
        WithEnvironmentAsync(new() { ["AWS_ENDPOINT_URL_S3"] = server.Endpoint.ToString() }, () => RoundTripAsync(new StorageOptions { Bucket = server.Bucket }));

    [Fact]
    public Task The_generic_AWS_ENDPOINT_URL_is_honoured_too() =>
        WithEnvironmentAsync(new() { ["AWS_ENDPOINT_URL"] = server.Endpoint.ToString() }, () => RoundTripAsync(new StorageOptions { Bucket = server.Bucket }));

    [Fact]
    public Task The_service_specific_variable_wins_over_the_generic_one() =>
        WithEnvironmentAsync(
            new() { ["AWS_ENDPOINT_URL"] = DeadEndpoint(), ["AWS_ENDPOINT_URL_S3"] = server.Endpoint.ToString() },
            () => RoundTripAsync(new StorageOptions { Bucket = server.Bucket }));

    [Fact]
    public Task An_explicit_service_url_wins_over_the_variables() =>
        WithEnvironmentAsync(
            new() { ["AWS_ENDPOINT_URL"] = DeadEndpoint(), ["AWS_ENDPOINT_URL_S3"] = DeadEndpoint() },
            () => RoundTripAsync(new StorageOptions { Bucket = server.Bucket, ServiceUrl = server.Endpoint.ToString() }));

    [Fact]
    public async Task Without_node_on_the_path_the_fixture_fails_with_a_clear_message()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        using var empty = new TempFolder("vw-nopath");
        try
        {
            Environment.SetEnvironmentVariable("PATH", empty.Path);
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => S3rverServer.StartAsync());
            Assert.StartsWith("node was not found on PATH", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    private async Task RoundTripAsync(StorageOptions options)
    {
        // No credentials passed: the SDK's default chain finds them in the environment, as in a container.
        var store = S3ObjectStore.Create(options);
        var key = $"env/{Guid.NewGuid():N}.bin";
        var bytes = PatternStream.Bytes(100_000, seed: 31);

        await store.PutAsync(key, new MemoryStream(bytes), "application/octet-stream");

        await using var read = await store.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        // The endpoint came from the environment, and chunked signing was still switched off for it.
        Assert.Equal(bytes, S3rverRaw.StoredBytes(server, key));
    }

    private static async Task WithEnvironmentAsync(Dictionary<string, string> values, Func<Task> test)
    {
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var name in Variables)
            {
                Environment.SetEnvironmentVariable(name, null);
            }

            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", S3rverServer.AccessKeyId);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", S3rverServer.SecretAccessKey);
            Environment.SetEnvironmentVariable("AWS_REGION", S3rverServer.Region);
            foreach (var (name, value) in values)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            await test();
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    /// <summary>A port nothing listens on, so a request sent there fails rather than passing by luck.</summary>
    private static string DeadEndpoint()
    {
        return $"http://127.0.0.1:{FreePort.Next()}";
    }
}
