using System.Net;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.Disk;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>The one place that picks the store from configuration.</summary>
public sealed class AddObjectStoreTests(S3rverServer s3) : IClassFixture<S3rverServer>
{
    [Fact]
    public async Task Without_configuration_it_is_the_disk_store_in_dot_data_under_the_content_root()
    {
        using var root = new TempFolder("vw-root");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root.Path });
        builder.Services.AddObjectStore(builder.Configuration);
        await using var app = builder.Build();

        var store = Assert.IsType<DiskObjectStore>(app.Services.GetRequiredService<IObjectStore>());

        Assert.Same(store, app.Services.GetRequiredService<DiskObjectStore>());
        Assert.Equal(Path.Combine(root.Path, ".data"), store.Root);
        Assert.Equal("local", store.Bucket);
    }

    [Fact]
    public async Task A_relative_data_dir_is_taken_from_the_content_root_and_public_base_url_makes_urls_absolute()
    {
        using var root = new TempFolder("vw-root");
        var store = Build(root.Path, new()
        {
            ["VideoWatermark:DataDir"] = "store",
            ["VideoWatermark:Storage:PublicBaseUrl"] = "https://portal.example/app/",
        }).GetRequiredService<DiskObjectStore>();

        Assert.Equal(Path.Combine(root.Path, "store"), store.Root);
        var upload = await store.PresignUploadAsync("a.mp4", "video/mp4", 1, TimeSpan.FromMinutes(1));
        Assert.True(upload.Url.IsAbsoluteUri);
        Assert.StartsWith("https://portal.example/app/storage/blobs/", upload.Url.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listener_that_needs_the_store_resolves_without_a_cycle_and_hears_writes()
    {
        using var root = new TempFolder("vw-root");
        var services = new ServiceCollection();
        services.AddSingleton<StoreDependentListener>();
        services.AddSingleton<IObjectCreatedListener>(sp => sp.GetRequiredService<StoreDependentListener>());
        services.AddObjectStore(Config(new() { ["VideoWatermark:DataDir"] = root.Path }));
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IObjectStore>().PutAsync("unprocessed-videos/a.mp4", new MemoryStream([1, 2, 3]), "video/mp4");

        var listener = provider.GetRequiredService<StoreDependentListener>();
        Assert.Equal(3, listener.SizeSeenThroughTheStore);
    }

    [Fact]
    public async Task Kind_S3_builds_the_S3_store_from_the_agreed_keys()
    {
        var services = new ServiceCollection();
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey));
        services.AddObjectStore(Config(new(s3.StorageSettings)));
        using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<S3ObjectStore>(provider.GetRequiredService<IObjectStore>());
        await store.PutAsync("di/check.txt", new MemoryStream("via DI"u8.ToArray()), "text/plain");

        Assert.Equal(s3.Bucket, store.Bucket);
        Assert.Equal(6, (await store.HeadAsync("di/check.txt"))!.Size);
        Assert.Null(provider.GetService<DiskObjectStore>());
    }

    [Theory]
    [InlineData("Azure", "must be Disk or S3, not 'Azure'")]
    [InlineData("S3", "Bucket must name the bucket")]
    public void Bad_configuration_fails_at_registration_with_one_clear_line(string kind, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddObjectStore(Config(new() { ["VideoWatermark:Storage:Kind"] = kind })));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Kind_is_case_insensitive()
    {
        using var root = new TempFolder("vw-root");
        var provider = Build(root.Path, new() { ["VideoWatermark:Storage:Kind"] = "disk", ["VideoWatermark:DataDir"] = root.Path });

        Assert.IsType<DiskObjectStore>(provider.GetRequiredService<IObjectStore>());
    }

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static ServiceProvider Build(string contentRoot, Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new FixedEnvironment(contentRoot));
        services.AddObjectStore(Config(values));
        return services.BuildServiceProvider();
    }

    private sealed class FixedEnvironment(string root) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "Test";

        public string ContentRootPath { get; set; } = root;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    private sealed class StoreDependentListener(IObjectStore store) : IObjectCreatedListener
    {
        public long SizeSeenThroughTheStore { get; private set; }

        public async ValueTask OnObjectCreatedAsync(ObjectCreated created, CancellationToken cancellationToken = default) =>
            SizeSeenThroughTheStore = (await store.HeadAsync(created.Key, cancellationToken))!.Size;
    }
}
