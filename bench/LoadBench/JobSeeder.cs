using System.Diagnostics;
using System.Security.Cryptography;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Storage.Disk;

namespace LoadBench;

/// <summary>
/// Writes realistic finished job records (the mix a busy portal accumulates over three months) into a data folder
/// through <see cref="JobStore"/> and the embedded store, exactly as the pipeline writes them. Prints the id of the
/// oldest one, which the scripts look for to tell when the portal has loaded them all.
/// </summary>
internal static class JobSeeder
{
    private static readonly string[] Names = ["beach day", "Kickoff meeting", "drone über Berg", "IMG_2041", "product demo v3", "wedding — first dance", "site survey 7", "lecture 12"];

    private static readonly string[] Errors =
    [
        "The video has no video stream.",
        "ffmpeg could not decode the input: Invalid data found when processing input.",
        "The watermark image could not be read.",
        "The worker stopped when the application did. Gave up after 3 attempts.",
    ];

    public static async Task<int> RunAsync(Args args)
    {
        var count = (int)args.Number("count", 10_000);
        var store = new DiskObjectStore(new DiskStoreOptions { Root = args.Text("data") }, []);
        var jobs = new JobStore(store, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var oldest = "";
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var job = Make(i, count, now);
            if (i == 0)
            {
                oldest = job.Id;
            }

            if (!await jobs.TryCreateAsync(job, ct))
            {
                throw new InvalidOperationException($"Job {job.Id} exists already.");
            }
        });

        Console.Error.WriteLine($"seeded {count} jobs in {watch.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine(oldest);
        return 0;
    }

    /// <summary>Job <paramref name="i"/> of <paramref name="count"/>, oldest first, spread over the last 90 days.</summary>
    private static Job Make(int i, int count, DateTimeOffset now)
    {
        var random = new Random(i);
        var id = JobIds.New();
        var fileName = $"{Names[i % Names.Length]} {i:00000}.{(i % 5 == 0 ? "mov" : "mp4")}";
        var input = ObjectKeys.PortalUploadKey(id, fileName);
        var created = now.AddDays(-90).AddSeconds(90.0 * 86400 * i / count);
        var started = created.AddSeconds(random.Next(1, 30));
        var finished = started.AddSeconds(random.Next(5, 600));
        var inputSize = random.NextInt64(2_000_000, 2_000_000_000);
        var roll = random.Next(100);
        var job = new Job
        {
            Id = id,
            InputKey = input,
            OutputKey = ObjectKeys.OutputKey(input),
            FileName = fileName,
            Watermark = new WatermarkSpec { Image = ObjectKeys.DefaultWatermarkKey, Position = (Anchor)(i % 9), Margin = 0.04, Scale = 0.3, Opacity = 0.8 },
            Attempts = 1,
            CreatedAt = created,
            StartedAt = started,
            FinishedAt = finished,
            InputSize = inputSize,
            Owner = "bench",
            TaskId = "local",
            LogKey = ObjectKeys.LogKey(id, 1),
        };
        return roll switch
        {
            < 85 => job with
            {
                State = JobState.Succeeded,
                Progress = 100,
                OutputSize = inputSize * random.Next(60, 140) / 100,
                OutputSha256 = Convert.ToHexStringLower(SHA256.HashData(id.Select(c => (byte)c).ToArray())),
            },
            < 95 => job with { State = JobState.Failed, Progress = random.Next(0, 90), Error = Errors[random.Next(Errors.Length)] },
            _ => job with { State = JobState.Cancelled, CancelRequested = true, Progress = random.Next(0, 90) },
        };
    }
}
