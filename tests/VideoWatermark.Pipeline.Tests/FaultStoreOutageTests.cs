using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Pipeline.Execution;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Testing.Media;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// The object store goes away in the middle of a job: a real s3rver is stopped at an exact stage and started again on
/// the same port and folder. Transfers wait it out with backoff; a job never succeeds without its output stored with
/// the size and SHA-256 the worker made.
/// </summary>
public sealed class FaultStoreOutageTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder folder = new();
    private readonly LogLines logs = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> restarts = new();
    private S3rverServer s3 = null!;

    public async Task InitializeAsync() => s3 = await S3rverServer.StartAsync();

    public async Task DisposeAsync() => await s3.DisposeAsync();

    public void Dispose() => folder.Dispose();

    /// <summary>
    /// Brings the server back after <paramref name="delay"/>, as a store that returns does: a start that fails (its
    /// port not yet free, node slow to answer on a loaded machine) is tried again, and kept for the failure message.
    /// </summary>
    private Task BackAfterAsync(TimeSpan delay) => Task.Run(async () =>
    {
        await Task.Delay(delay);
        for (var start = 1; ; start++)
        {
            try
            {
                await s3.RestartAsync();
                return;
            }
            catch (Exception e) when (start < 3)
            {
                restarts.Enqueue($"start {start} of s3rver failed: {e.Message}");
            }
        }
    });

    /// <summary>The job's run; if it throws, the failure says what the server and its restarts said.</summary>
    private async Task<JobRunResult> RunReportingAsync(IServiceProvider services, Job job)
    {
        try
        {
            return await services.GetRequiredService<JobExecutor>().RunAsync(job.Id, "test");
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"The run threw: {e.Message}\n{string.Join('\n', restarts)}\n{string.Join('\n', logs.Lines)}\n{s3.Output}", e);
        }
    }

    [Fact]
    public async Task A_store_that_goes_away_while_downloading_and_again_while_uploading_ends_with_a_verified_output()
    {
        // Budget enough (about 35 s) for s3rver to start again on a busy machine; the job goes on as soon as it is back.
        await using var services = S3JobServices.Build(s3, S3JobServices.FastRetries(folder.Combine("work"), attempts: 20), logs);
        var clip = await Clips.GetAsync();
        var job = await S3JobServices.QueueAsync(services, clip, "outage.mp4");
        var hooked = services.GetRequiredService<HookedStore>();
        var outages = new List<Task>();
        hooked.Before = async (method, key) =>
        {
            // The first download of the video and the first upload of the result each meet a dead server, which
            // comes back two seconds later.
            if (hooked.Calls[(method, key)] == 1 && (key == job.InputKey || key == job.OutputKey))
            {
                await s3.StopAsync();
                outages.Add(BackAfterAsync(TimeSpan.FromSeconds(2)));
            }
        };

        var result = await RunReportingAsync(services, job);
        await Task.WhenAll(outages);

        Assert.True(result.Outcome == JobRunOutcome.Succeeded, $"{result.Outcome}: {result.Reason}\n{string.Join('\n', logs.Lines)}\n{s3.Output}");
        Assert.Equal(2, outages.Count);
        Assert.True(hooked.Calls[("DownloadAsync", job.InputKey)] > 1, "the download was not tried again");
        Assert.True(hooked.Calls[("UploadAsync", job.OutputKey)] > 1, "the upload was not tried again");
        Assert.Contains(logs.Lines, l => l.Contains("downloading the video", StringComparison.Ordinal) && l.Contains("try 2", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("uploading the output", StringComparison.Ordinal) && l.Contains("try 2", StringComparison.Ordinal));

        var done = (await services.Jobs().GetAsync(job.Id))!;
        Assert.Equal(JobState.Succeeded, done.State);
        var output = await services.Store().ReadAllAsync(done.OutputKey);
        Assert.Equal(done.OutputSize, output.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(output)), done.OutputSha256);
        var local = folder.Combine("out.mp4");
        await File.WriteAllBytesAsync(local, output);
        Assert.Equal(Frames.CountFrames(clip), Frames.CountFrames(local));
        Assert.Equal(await File.ReadAllBytesAsync(clip), await services.Store().ReadAllAsync(job.InputKey));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Combine("work")));
    }

    [Fact]
    public async Task A_store_that_stays_down_past_the_retry_budget_fails_the_job_saying_why_and_a_retry_then_succeeds()
    {
        var options = S3JobServices.FastRetries(folder.Combine("work"), attempts: 4);
        await using var services = S3JobServices.Build(s3, options, logs);
        var clip = await Clips.GetAsync();
        var job = await S3JobServices.QueueAsync(services, clip, "long-outage.mp4");
        var hooked = services.GetRequiredService<HookedStore>();
        Task? back = null;
        hooked.Before = async (method, key) =>
        {
            if (key == job.OutputKey && hooked.Calls[(method, key)] == 1)
            {
                await s3.StopAsync();
            }
        };
        hooked.After = (method, key, failed) =>
        {
            // The store returns only after the upload has used up every try.
            if (key == job.OutputKey && failed && hooked.Calls[(method, key)] == options.StoreAttempts)
            {
                back = BackAfterAsync(TimeSpan.FromSeconds(1));
            }

            return Task.CompletedTask;
        };

        var result = await RunReportingAsync(services, job);
        Assert.NotNull(back);
        await back;

        Assert.Equal(JobRunOutcome.Failed, result.Outcome);
        Assert.Equal(options.StoreAttempts, hooked.Calls[("UploadAsync", job.OutputKey)]);
        var failed = (await services.Jobs().GetAsync(job.Id))!;
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Contains("did not answer while uploading the output", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failed.Error!);
        Assert.Null(failed.OutputSha256);
        Assert.Null(await services.Store().HeadAsync(job.OutputKey));
        Assert.Equal(await File.ReadAllBytesAsync(clip), await services.Store().ReadAllAsync(job.InputKey));

        // The user presses Retry once the store is back; the dispatcher hands the job to a worker again.
        var launcher = new RecordingLauncher();
        var dispatch = new DispatchService(services.Jobs(), services.Store(), launcher, new DispatchOptions(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<DispatchService>.Instance);
        Assert.Equal(DispatchOutcome.Launched, (await dispatch.RetryAsync(job.Id)).Outcome);
        var retried = await services.GetRequiredService<JobExecutor>().RunAsync(job.Id, "test");

        Assert.Equal(JobRunOutcome.Succeeded, retried.Outcome);
        var done = (await services.Jobs().GetAsync(job.Id))!;
        Assert.Equal(2, done.Attempts);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await services.Store().ReadAllAsync(done.OutputKey))), done.OutputSha256);
    }

    [Fact]
    public async Task An_output_the_store_garbled_is_uploaded_again_until_it_reads_back_with_the_workers_checksum()
    {
        await using var services = S3JobServices.Build(s3, S3JobServices.FastRetries(folder.Combine("work")), logs);
        var clip = await Clips.GetAsync();
        var job = await S3JobServices.QueueAsync(services, clip, "garbled.mp4");
        var hooked = services.GetRequiredService<HookedStore>();
        hooked.After = async (method, key, failed) =>
        {
            // The server's copy of the first upload loses a byte in the middle: same size, different content.
            if (key == job.OutputKey && !failed && hooked.Calls[(method, key)] == 1)
            {
                var stored = Path.Combine(s3.DataDirectory, s3.Bucket, $"{key}._S3rver_object");
                var bytes = await File.ReadAllBytesAsync(stored);
                bytes[bytes.Length / 2] ^= 0xFF;
                await File.WriteAllBytesAsync(stored, bytes);
            }
        };

        var result = await services.GetRequiredService<JobExecutor>().RunAsync(job.Id, "test");

        Assert.True(result.Outcome == JobRunOutcome.Succeeded, result.Reason);
        Assert.Equal(2, hooked.Calls[("UploadAsync", job.OutputKey)]);
        Assert.Contains(logs.Lines, l => l.Contains("uploading the output", StringComparison.Ordinal) && l.Contains("could not be read back intact", StringComparison.Ordinal));
        var done = (await services.Jobs().GetAsync(job.Id))!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await services.Store().ReadAllAsync(done.OutputKey))), done.OutputSha256);
    }
}
