using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Testing.Files;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// Names users give files, dropped into <c>unprocessed-videos/</c>: the name never reaches a shell or ffmpeg's
/// command line (the engine's tests prove the probe half; these prove the pipeline around it), keys stay in the
/// bucket layout, nothing is written outside the data folder, and outputs get sane names.
/// </summary>
public sealed class HostileNameTests : IDisposable
{
    private const string Marker = "vw-hostile-drop-ran";
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static readonly string[] StoredNames =
    [
        $"it's a \"clip\" $(touch {Marker}) `touch {Marker}`; rm -rf x.mp4",
        "été 手机 🎬 vidéo.mp4",
        "-i evil.mp4",
        "--help.mp4",
        "  spaced   out  .mp4",
        string.Concat(Enumerable.Repeat("é", 120)) + ".mp4",
    ];

    [Fact]
    public async Task Names_with_quotes_substitutions_dashes_and_non_ascii_are_watermarked_under_their_own_name()
    {
        // A command hidden in a name would run where the worker runs ffmpeg (its current folder) or in the job's
        // work folder, which is deleted when the job ends: watched while the jobs run, not looked at afterwards.
        using var injected = new CreatedFileWatch(Marker)
            .Watch(folder.Path)
            .Watch(Environment.CurrentDirectory, subfolders: false);
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var clip = await Clips.GetAsync(1);
        var names = StoredNames;
        foreach (var name in names)
        {
            await pipeline.Store.UploadAsync(ObjectKeys.UnprocessedPrefix + name, clip);
        }

        var jobs = await pipeline.AllFinishedAsync(names.Length, TimeSpan.FromSeconds(120));

        foreach (var name in names)
        {
            var job = Assert.Single(jobs, j => j.FileName == name);
            Assert.True(job.State == JobState.Succeeded, $"{name}: {job.State} {job.Error}");
            Assert.Equal(ObjectKeys.OutputNamePrefix + Path.GetFileNameWithoutExtension(name) + ".mp4", job.OutputKey);
            Assert.NotNull(await pipeline.Store.HeadAsync(job.OutputKey));

            // The command line in the log names only the run's fixed file names.
            var log = System.Text.Encoding.UTF8.GetString(await pipeline.Store.ReadAllAsync(job.LogKey!));
            var command = log.Split('\n').Single(l => l.Contains("] command: ", StringComparison.Ordinal));
            Assert.DoesNotContain(Path.GetFileNameWithoutExtension(name).Trim(), command, StringComparison.Ordinal);
        }

        injected.AssertNoneCreated();
        OnlyInsideTheDataFolder();
    }

    [Theory]
    [InlineData("../escape.mp4")]
    [InlineData("a/../../escape.mp4")]
    [InlineData("..\\..\\escape.mp4")]
    [InlineData("line\nbreak.mp4")]
    public async Task Names_that_would_leave_the_folder_or_break_a_line_are_refused_by_the_store_and_create_no_file(string name)
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var clip = await Clips.GetAsync(1);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => pipeline.Store.UploadAsync(ObjectKeys.UnprocessedPrefix + name, clip));

        Assert.StartsWith("Invalid object key", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await pipeline.Jobs.ListAsync().ToListAsync());
        Assert.False(File.Exists(folder.Combine("escape.mp4")));
        OnlyInsideTheDataFolder();
    }

    [Theory]
    [InlineData("unprocessed-videos/../../escape.mp4", "watermark-escape.mp4")]
    [InlineData("unprocessed-videos/a/../../../escape.mp4", "a/watermark-escape.mp4")]
    [InlineData("unprocessed-videos/line\nbreak.mp4", "watermark-linebreak.mp4")]
    [InlineData("unprocessed-videos/tab\t/x.mp4", "tab/watermark-x.mp4")]
    public async Task An_S3_event_for_a_hostile_key_makes_a_job_whose_output_stays_in_the_layout_and_fails_with_one_line(string key, string output)
    {
        // What the Lambda gets when a script PUTs such a key into the bucket (S3 takes any key); here the embedded
        // store is the bucket, and it cannot hold such a key, so the job fails saying so.
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var dispatch = pipeline.Services.GetRequiredService<DispatchService>();

        var result = await dispatch.HandleAsync(new ObjectCreated(pipeline.Store.Bucket, key, 1000, "\"etag\"", "seq-1"));

        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal(result.JobId, job.Id);
        Assert.Equal(output, job.OutputKey);
        Assert.Equal(JobState.Failed, job.State);
        Assert.DoesNotContain('\n', job.Error!);
        OnlyInsideTheDataFolder();
    }

    /// <summary>Nothing was written next to the data, work and clip folders this test owns.</summary>
    private void OnlyInsideTheDataFolder()
    {
        var top = Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName).Order().ToList();
        Assert.All(top, entry => Assert.Contains(entry, new[] { "data", "work" }));
    }
}
