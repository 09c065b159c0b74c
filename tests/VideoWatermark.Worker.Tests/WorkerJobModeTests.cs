using System.Security.Cryptography;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Core.Worker;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Storage;
using VideoWatermark.Testing.Media;
using VideoWatermark.Testing.S3;
using VideoWatermark.Worker.JobMode;

namespace VideoWatermark.Worker.Tests;

/// <summary>
/// The worker container's job mode against a real S3-compatible server, configured by environment variables alone,
/// as Fargate runs it.
/// </summary>
public sealed class WorkerJobModeTests(S3rverServer s3) : IClassFixture<S3rverServer>, IDisposable
{
    private static readonly AWSCredentials Credentials = new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey);

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task The_original_four_variables_are_enough_to_watermark_a_video()
    {
        await using var bucket = Bucket();
        var input = $"unprocessed-videos/{Guid.NewGuid():N}.mp4";
        var output = $"watermark-{Guid.NewGuid():N}.mp4";
        var clip = await Clips.GetAsync();
        await bucket.Store().UploadAsync(input, clip);
        await SeedWatermarkAsync(bucket.Store());
        var console = new StringWriter();

        var exit = await WorkerJobMode.RunAsync(Environment(new()
        {
            [WorkerEnvironment.InputVideoPath] = $"s3://{s3.Bucket}/{input}",
            [WorkerEnvironment.OutputVideoName] = output,
            [WorkerEnvironment.OutputBucket] = s3.Bucket,
            [WorkerEnvironment.WatermarkPath] = $"s3://{s3.Bucket}/{ObjectKeys.DefaultWatermarkKey}",
        }), console, CancellationToken.None, WithCredentials);

        Assert.True(exit == WorkerJobMode.Success, console.ToString());
        var job = Assert.Single(await bucket.Jobs().ListAsync().Where(j => j.InputKey == input).ToListAsync());
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(output, job.OutputKey);
        var produced = await bucket.Store().ReadAllAsync(output);
        Assert.Equal(job.OutputSize, produced.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(produced)), job.OutputSha256);
        Assert.NotNull(await bucket.Store().HeadAsync(job.LogKey!));
        Assert.Equal(await File.ReadAllBytesAsync(clip), await bucket.Store().ReadAllAsync(input));
    }

    [Fact]
    public async Task The_dispatchers_job_record_is_followed_and_kept_current()
    {
        await using var bucket = Bucket();
        const string TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/videowatermark/0123456789abcdef";
        var id = JobIds.New();
        var input = ObjectKeys.PortalUploadKey(id, "talk.mp4");
        await bucket.Store().UploadAsync(input, await Clips.GetAsync());
        await SeedWatermarkAsync(bucket.Store());
        var spec = new WatermarkSpec { Position = Anchor.TopLeft, Margin = 0.02, Scale = 0.3, Opacity = 0.8 };
        Assert.True(await bucket.Jobs().TryCreateAsync(new Job
        {
            Id = id,
            State = JobState.Queued,
            InputKey = input,
            OutputKey = ObjectKeys.OutputKey(input),
            FileName = "talk.mp4",
            Watermark = spec,
            Attempts = 1,
            TaskId = TaskArn,
        }));

        var exit = await WorkerJobMode.RunAsync(Environment(new()
        {
            [WorkerEnvironment.InputVideoPath] = $"s3://{s3.Bucket}/{input}",
            [WorkerEnvironment.OutputVideoName] = ObjectKeys.OutputKey(input),
            [WorkerEnvironment.OutputBucket] = s3.Bucket,
            [WorkerEnvironment.WatermarkPath] = $"s3://{s3.Bucket}/{ObjectKeys.DefaultWatermarkKey}",
            [WorkerEnvironment.JobId] = id,
        }), new StringWriter(), CancellationToken.None, WithCredentials);

        Assert.Equal(WorkerJobMode.Success, exit);
        var job = (await bucket.Jobs().GetAsync(id))!;
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(spec, job.Watermark);
        Assert.Equal(1, job.Attempts);
        // The task the dispatcher launched stays on the record, unchanged: the job page names it as the worker.
        Assert.Equal(TaskArn, job.TaskId);
        Assert.NotNull(job.HeartbeatAt);
        Assert.NotNull(await bucket.Store().HeadAsync(job.OutputKey));
    }

    [Fact]
    public async Task A_missing_input_variable_exits_with_a_one_line_error()
    {
        var console = new StringWriter();

        var exit = await WorkerJobMode.RunAsync(Environment(new() { [WorkerEnvironment.OutputBucket] = s3.Bucket }), console, CancellationToken.None);

        Assert.Equal(WorkerJobMode.BadEnvironment, exit);
        Assert.Contains(WorkerEnvironment.InputVideoPath, console.ToString(), StringComparison.Ordinal);
        Assert.Single(console.ToString().Trim().Split('\n'));
    }

    [Fact]
    public async Task An_output_name_that_would_overwrite_the_original_fails_the_job_and_keeps_the_original()
    {
        await using var bucket = Bucket();
        var input = $"unprocessed-videos/{Guid.NewGuid():N}.mp4";
        var clip = await Clips.GetAsync();
        await bucket.Store().UploadAsync(input, clip);
        await SeedWatermarkAsync(bucket.Store());

        var exit = await WorkerJobMode.RunAsync(Environment(new()
        {
            [WorkerEnvironment.InputVideoPath] = $"s3://{s3.Bucket}/{input}",
            [WorkerEnvironment.OutputVideoName] = input,
        }), new StringWriter(), CancellationToken.None, WithCredentials);

        Assert.Equal(WorkerJobMode.JobFailed, exit);
        var job = Assert.Single(await bucket.Jobs().ListAsync().Where(j => j.InputKey == input).ToListAsync());
        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("Refusing to write the output", job.Error, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(clip), await bucket.Store().ReadAllAsync(input));
    }

    [Fact]
    public async Task A_stopped_worker_puts_the_job_back_in_the_queue_for_another_attempt()
    {
        await using var bucket = Bucket();
        var input = $"unprocessed-videos/{Guid.NewGuid():N}.mp4";
        await bucket.Store().UploadAsync(input, await Clips.GetAsync(6));
        await SeedWatermarkAsync(bucket.Store());
        using var sigterm = new CancellationTokenSource();
        using var gate = new FfmpegGate();
        var environment = Environment(new() { [WorkerEnvironment.InputVideoPath] = $"s3://{s3.Bucket}/{input}" }, gate.Path);

        var run = WorkerJobMode.RunAsync(environment, new StringWriter(), sigterm.Token, WithCredentials);
        // ECS stops the task while the job runs: the encode is frozen once started, so the stop lands mid-encode.
        await gate.WaitUntilStartedAsync(TimeSpan.FromMinutes(2));
        gate.Pause();
        await Eventually.WaitAsync(async () => await bucket.Jobs().ListAsync().FirstOrDefaultAsync(j => j.InputKey == input && j.State == JobState.Running), TimeSpan.FromSeconds(30), () => "the job never ran");
        await sigterm.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(WorkerJobMode.Interrupted, exit);
        var job = Assert.Single(await bucket.Jobs().ListAsync().Where(j => j.InputKey == input).ToListAsync());
        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(2, job.Attempts);
        Assert.Null(job.TaskId);
        Assert.Null(await bucket.Store().HeadAsync(job.OutputKey));
    }

    private static void WithCredentials(IServiceCollection services) => services.AddSingleton(Credentials);

    private static async Task SeedWatermarkAsync(IObjectStore store)
    {
        await using var image = DefaultWatermark.OpenRead();
        await store.PutAsync(ObjectKeys.DefaultWatermarkKey, image, "image/png");
    }

    /// <summary>
    /// The container's environment as the configuration system reads it: the job's variables plus the endpoint
    /// settings the task definition sets (<c>VideoWatermark__Storage__ServiceUrl</c> and so on).
    /// </summary>
    private IConfiguration Environment(Dictionary<string, string?> job, string? ffmpegPath = null)
    {
        var environment = new Dictionary<string, string?>(job)
        {
            ["VideoWatermark:Storage:ServiceUrl"] = s3.Endpoint.ToString().TrimEnd('/'),
            ["VideoWatermark:Storage:ForcePathStyle"] = "true",
            ["VideoWatermark:Storage:Region"] = S3rverServer.Region,
            ["VideoWatermark:Pipeline:WorkDir"] = folder.Combine("work"),
            ["VideoWatermark:Pipeline:HeartbeatSeconds"] = "0.3",
            ["VideoWatermark:Engine:Preset"] = "ultrafast",
        };
        if (ffmpegPath is not null)
        {
            environment["VideoWatermark:Engine:FfmpegPath"] = ffmpegPath;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(environment).Build();
    }

    /// <summary>The test's own view of the bucket.</summary>
    private ServiceProvider Bucket()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(s3.StorageSettings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Credentials);
        services.AddSingleton(TimeProvider.System);
        services.AddObjectStore(configuration);
        services.AddSingleton<JobStore>();
        return services.BuildServiceProvider();
    }
}
