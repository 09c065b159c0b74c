using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Testing.Media;
using Xunit.Abstractions;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// Recipient batches encoded once through the local pipeline (the embedded store, the pool, real ffmpeg): the batch's
/// shared pieces are encoded once by whichever copy workers claim them, each copy re-encodes only its personal pieces
/// and joins the rest by stream copy, so outside the name's windows every copy is bit for bit the same picture.
/// </summary>
public sealed class EncodeOnceTests(ITestOutputHelper output) : IDisposable
{
    // The name shows from 0.5 s for 1 s every 6 s: on a 12 s clip with the 2 s grid its cells are [0, 2) and [6, 8),
    // so the plan's pieces are 0 (personal), 1 (2–6 s, shared), 2 (personal), 3 (8–12 s, shared).
    private const string Windowed = """
        { "name": "screener", "layers": [
          { "type": "text", "text": "SCREENER {date}", "position": "top-left", "size": 0.06, "opacity": 0.7 },
          { "type": "text", "text": "For {recipient}", "position": "bottom-left", "margin": 0.04, "size": 0.1, "outline": true,
            "start": 0.5, "repeat": { "every": 6, "for": 1 } } ] }
        """;

    private const string AlwaysOn = """
        { "name": "screener", "layers": [
          { "type": "text", "text": "For {recipient}", "position": "bottom-left", "margin": 0.04, "size": 0.1, "outline": true } ] }
        """;

    private static readonly string[] Names = ["Ana Díaz", "Bob Li", "Chidi Okafor"];

    private static readonly int[] SharedPieces = [1, 3];

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Three_copies_share_each_piece_encoded_once_and_are_bit_identical_outside_the_name_windows()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var clip = await Clips.GetAsync(12);
        var batch = await AnnounceAsync(pipeline, Windowed, Names);
        await pipeline.Store.UploadAsync(batch.InputKey, clip);

        var copies = await CopiesAsync(pipeline, batch);
        Assert.All(await JobsAsync(pipeline, batch), j => Assert.True(j.EncodedOnce));

        // The frames, their times and the audio are the source's.
        var times = Frames.FrameTimes(clip);
        var audio = Frames.AudioTrackMd5(clip, 0);
        foreach (var copy in copies)
        {
            Assert.Equal(times, Frames.FrameTimes(copy));
            Assert.Equal(audio, Frames.AudioTrackMd5(copy, 0));

            // Neither ffprobe nor a full decode has anything to warn about (a join's seam would show here).
            var probe = ProcessRun.Run("ffprobe", ["-v", "warning", "-show_streams", "-show_format", copy]);
            Assert.True(probe.ExitCode == 0 && probe.StdErr.Trim().Length == 0, $"ffprobe warned: {probe.StdErr}");
            var decode = ProcessRun.Run("ffmpeg", ["-hide_banner", "-nostdin", "-v", "warning", "-i", copy, "-f", "null", "-"]);
            Assert.True(decode.ExitCode == 0 && decode.StdErr.Trim().Length == 0, $"the decode warned: {decode.StdErr}");
        }

        // Outside the personal cells every decoded frame is the same in every copy, bit for bit; inside the windows
        // the copies differ where the name is drawn.
        var hashes = copies.Select(FrameMd5s).ToList();
        Assert.All(hashes, h => Assert.Equal(times.Count, h.Count));
        var shared = Enumerable.Range(0, times.Count).Where(i => !InPersonalCell(times[i] - times[0])).ToList();
        Assert.True(shared.Count > times.Count / 2, $"{shared.Count} of {times.Count} frames are shared");
        foreach (var other in hashes.Skip(1))
        {
            Assert.Equal(shared.Select(i => hashes[0][i]), shared.Select(i => other[i]));
        }

        var band = new Region(0, Clips.Height - 60, Clips.Width, 60);
        foreach (var t in new[] { 1.0, 7.0 })
        {
            var frames = copies.Select(c => Frames.At(c, t)).ToList();
            Assert.True(Frames.ChangedFraction(frames[0], frames[1], band) > 0.01, $"copies 1 and 2 show different names at {t} s");
            Assert.True(Frames.ChangedFraction(frames[1], frames[2], band) > 0.01, $"copies 2 and 3 show different names at {t} s");
        }

        // Each shared piece was encoded once for the whole batch, by whichever copy claimed it; every copy was joined.
        var logs = await LogsAsync(pipeline, batch);
        Assert.All(logs, l => Assert.Contains("copy: encode once:", l, StringComparison.Ordinal));
        Assert.All(logs, l => Assert.Contains("copy: joined 4 pieces by stream copy", l, StringComparison.Ordinal));
        foreach (var index in SharedPieces)
        {
            Assert.Equal(1, logs.Sum(l => Count(l, $"copy: encoded shared piece {index} for the batch")));
        }

        Assert.DoesNotContain(logs, l => l.Contains("copy: full encode", StringComparison.Ordinal) || l.Contains("copy: fell back", StringComparison.Ordinal));
        output.WriteLine(logs[0]);
        await SharedWorkRemovedAsync(pipeline, batch);
    }

    [Fact]
    public async Task A_claim_left_by_an_attempt_that_no_longer_runs_is_taken_over_and_the_batch_ends()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var clip = await Clips.GetAsync(12);
        var batch = await AnnounceAsync(pipeline, Windowed, Names.Take(2).ToArray());

        // An earlier attempt of the first copy claimed piece 1 and died before it was done.
        await ClaimAsync(pipeline, batch, piece: 1, row: 0, attempt: 7);
        await pipeline.Store.UploadAsync(batch.InputKey, clip);

        var copies = await CopiesAsync(pipeline, batch);

        var logs = await LogsAsync(pipeline, batch);
        Assert.Equal(1, logs.Sum(l => Count(l, $"took over shared piece 1: job {batch.Recipients[0].JobId} attempt 7 no longer runs")));
        Assert.Equal(1, logs.Sum(l => Count(l, "encoded shared piece 1 for the batch")));
        AssertSameOutsideThePersonalCells(clip, copies);
        await SharedWorkRemovedAsync(pipeline, batch);
    }

    [Fact]
    public async Task A_claim_whose_answer_was_lost_is_encoded_by_its_own_copy_and_the_batch_ends()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var clip = await Clips.GetAsync(12);
        var batch = await AnnounceAsync(pipeline, Windowed, Names.Take(2).ToArray());

        // Each copy's first attempt already holds one shared piece, as when the conditional create took but its answer
        // was lost and the retry was refused: the copy must see the claim is its own, not wait for itself.
        await ClaimAsync(pipeline, batch, piece: 1, row: 0, attempt: 1);
        await ClaimAsync(pipeline, batch, piece: 3, row: 1, attempt: 1);
        await pipeline.Store.UploadAsync(batch.InputKey, clip);

        var copies = await CopiesAsync(pipeline, batch);

        Assert.All(await JobsAsync(pipeline, batch), j => Assert.True(j.EncodedOnce));
        var logs = await LogsAsync(pipeline, batch);
        Assert.Contains(logs, l => l.Contains("claimed by this attempt though the claim's answer was lost", StringComparison.Ordinal));
        foreach (var index in SharedPieces)
        {
            Assert.Equal(1, logs.Sum(l => Count(l, $"copy: encoded shared piece {index} for the batch")));
        }

        AssertSameOutsideThePersonalCells(clip, copies);
        await SharedWorkRemovedAsync(pipeline, batch);
    }

    [Fact]
    public async Task A_user_cancelling_the_last_waiting_copy_removes_the_shared_work_the_others_left()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var batch = await AnnounceAsync(pipeline, Windowed, Names.Take(2).ToArray());
        // The first copy ran, claimed a piece and ended; the second still waits for a worker.
        await ClaimAsync(pipeline, batch, piece: 1, row: 0, attempt: 1);
        await pipeline.Jobs.UpdateAsync(batch.Recipients[0].JobId, j => j.CancelByUser(DateTimeOffset.UtcNow));
        Assert.True(await SharedWorkLeftAsync(pipeline, batch), "the batch's shared work went while a copy still waited");

        await pipeline.Jobs.UpdateAsync(batch.Recipients[1].JobId, j => j.CancelByUser(DateTimeOffset.UtcNow));

        Assert.False(await SharedWorkLeftAsync(pipeline, batch), "the ended batch's shared work is still there");
        Assert.Equal(batch.Id, (await new BatchStore(pipeline.Store, TimeProvider.System).GetAsync(batch.Id))?.Id);
    }

    [Fact]
    public async Task A_batch_whose_last_process_died_before_removing_its_shared_work_has_it_removed_by_the_next_sweep()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder, ("VideoWatermark:Pipeline:SweepSeconds", "3600"));
        var batch = await AnnounceAsync(pipeline, Windowed, Names.Take(2).ToArray());
        await ClaimAsync(pipeline, batch, piece: 1, row: 0, attempt: 1);
        // Both copies end through a store that tells nobody, as a process dying right after its final write does.
        var untold = new JobStore(pipeline.Store, TimeProvider.System);
        foreach (var recipient in batch.Recipients)
        {
            await untold.UpdateAsync(recipient.JobId, j => j.CancelByUser(DateTimeOffset.UtcNow));
        }

        Assert.True(await SharedWorkLeftAsync(pipeline, batch), "nothing was left for the sweep to find");

        await pipeline.Services.GetRequiredService<DispatchService>().SweepAsync();

        Assert.False(await SharedWorkLeftAsync(pipeline, batch), "the sweep left the ended batch's shared work");
    }

    [Fact]
    public async Task A_shared_piece_with_other_encoder_settings_makes_each_copy_a_full_encode_that_says_why()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var clip = await Clips.GetAsync(12);
        var batch = await AnnounceAsync(pipeline, Windowed, Names.Take(2).ToArray());

        // Piece 1 is there, done and intact, but encoded at another size: its parameter sets are not the copies'.
        var planted = folder.Combine("planted.mp4");
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", planted);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(planted)));
        var done = SharedPiece.Claim(batch.Id, 1, batch.Recipients[0].JobId, 7, DateTimeOffset.UtcNow).Done(new FileInfo(planted).Length, sha256, DateTimeOffset.UtcNow);
        Assert.True(await new SharedPieceStore(pipeline.Store).TryClaimAsync(done));
        await pipeline.Store.UploadAsync(done.FileKey, planted);
        await pipeline.Store.UploadAsync(batch.InputKey, clip);

        var copies = await CopiesAsync(pipeline, batch);

        Assert.All(copies, c => Assert.Equal(Frames.FrameTimes(clip), Frames.FrameTimes(c)));
        var logs = await LogsAsync(pipeline, batch);
        Assert.All(logs, l => Assert.Contains("copy: fell back to a full encode of this copy:", l, StringComparison.Ordinal));
        Assert.All(logs, l => Assert.Contains("other H.264 parameter sets", l, StringComparison.Ordinal));
        Assert.All(await JobsAsync(pipeline, batch), j => Assert.False(j.EncodedOnce));
    }

    [Fact]
    public async Task A_personal_layer_always_shown_makes_every_copy_a_full_encode()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var clip = await Clips.GetAsync(4);
        var batch = await AnnounceAsync(pipeline, AlwaysOn, Names.Take(2).ToArray());
        await pipeline.Store.UploadAsync(batch.InputKey, clip);

        await CopiesAsync(pipeline, batch);

        var logs = await LogsAsync(pipeline, batch);
        Assert.All(logs, l => Assert.Contains("copy: full encode: layer 1 differs between recipients and is always shown", l, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("shared piece", StringComparison.Ordinal));
        Assert.All(await JobsAsync(pipeline, batch), j => Assert.False(j.EncodedOnce));
        await SharedWorkRemovedAsync(pipeline, batch);
    }

    [Fact]
    public async Task With_encode_once_off_every_copy_is_a_full_encode_that_says_so()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder, ("VideoWatermark:Pipeline:EncodeOnce", "false"));
        var clip = await Clips.GetAsync(12);
        var batch = await AnnounceAsync(pipeline, Windowed, Names.Take(2).ToArray());
        await pipeline.Store.UploadAsync(batch.InputKey, clip);

        await CopiesAsync(pipeline, batch);

        var logs = await LogsAsync(pipeline, batch);
        Assert.All(logs, l => Assert.Contains("copy: full encode: encode once is off (VideoWatermark:Pipeline:EncodeOnce)", l, StringComparison.Ordinal));
        Assert.Empty(await pipeline.Store.ListAsync(ObjectKeys.SharedWorkOf(batch.Id)).ToListAsync());
    }

    /// <summary>A batch as the portal announces one: the template saved, the batch record, a pending job per recipient.</summary>
    private static async Task<Batch> AnnounceAsync(PipelineHost pipeline, string templateJson, string[] names)
    {
        var stored = await new TemplateStore(pipeline.Store).SaveAsync(TemplateJson.Deserialize(Encoding.UTF8.GetBytes(templateJson)));
        var now = DateTimeOffset.UtcNow;
        var ids = names.Select(_ => JobIds.New()).ToList();
        var inputKey = ObjectKeys.PortalUploadKey(ids[0], "cut.mp4");
        var batch = new Batch
        {
            Id = JobIds.New(),
            Owner = "local",
            FileName = ObjectKeys.FileName(inputKey),
            InputKey = inputKey,
            TemplateName = stored.Name,
            TemplateVersion = stored.Version,
            CreatedAt = now,
            Recipients = [.. names.Select((n, i) => new BatchRecipient(i + 1, new Dictionary<string, string> { ["recipient"] = n }, ids[i], ObjectKeys.OutputKey(inputKey, "", $"r{i + 1}")))],
        };
        Assert.True(await new BatchStore(pipeline.Store, TimeProvider.System).TryCreateAsync(batch));
        foreach (var recipient in batch.Recipients)
        {
            var job = Job.Announce(recipient.JobId, inputKey, recipient.OutputKey, new WatermarkSpec(), 1000, "local") with
            {
                CreatedAt = now,
                BatchId = batch.Id,
                Template = new JobTemplate(stored.Name, stored.Version, recipient.Values),
            };
            Assert.True(await pipeline.Jobs.TryCreateAsync(job));
        }

        return batch;
    }

    /// <summary>Waits for every copy to succeed and downloads them, in the batch's order.</summary>
    private async Task<IReadOnlyList<string>> CopiesAsync(PipelineHost pipeline, Batch batch)
    {
        var jobs = await pipeline.AllFinishedAsync(batch.Recipients.Count, TimeSpan.FromSeconds(150));
        var copies = new List<string>();
        foreach (var recipient in batch.Recipients)
        {
            var job = jobs.Single(j => j.Id == recipient.JobId);
            Assert.True(job.State == JobState.Succeeded, $"copy {recipient.Row} ended {job.State}: {job.Error}");
            var path = folder.Combine($"copy-{recipient.Row}.mp4");
            await pipeline.Store.DownloadAsync(job.OutputKey, path);
            copies.Add(path);
        }

        return copies;
    }

    private static async Task<IReadOnlyList<Job>> JobsAsync(PipelineHost pipeline, Batch batch) =>
        [.. await Task.WhenAll(batch.Recipients.Select(async r => await pipeline.Jobs.GetAsync(r.JobId) ?? throw new InvalidOperationException($"job {r.JobId} is gone")))];

    /// <summary>Each copy's uploaded job log, in the batch's order.</summary>
    private static async Task<IReadOnlyList<string>> LogsAsync(PipelineHost pipeline, Batch batch)
    {
        var logs = new List<string>();
        foreach (var recipient in batch.Recipients)
        {
            var job = await pipeline.Jobs.GetAsync(recipient.JobId) ?? throw new InvalidOperationException($"job {recipient.JobId} is gone");
            await using var stream = await pipeline.Store.OpenReadAsync(job.LogKey ?? throw new InvalidOperationException($"job {job.Id} has no log"));
            logs.Add(await new StreamReader(stream).ReadToEndAsync());
        }

        return logs;
    }

    /// <summary>Plants a claim on shared piece <paramref name="piece"/> by the copy in <paramref name="row"/> (0-based), at <paramref name="attempt"/>.</summary>
    private static async Task ClaimAsync(PipelineHost pipeline, Batch batch, int piece, int row, int attempt) =>
        Assert.True(await new SharedPieceStore(pipeline.Store).TryClaimAsync(SharedPiece.Claim(batch.Id, piece, batch.Recipients[row].JobId, attempt, DateTimeOffset.UtcNow)));

    /// <summary>Outside the personal cells every decoded frame of the two copies is the same, bit for bit.</summary>
    private static void AssertSameOutsideThePersonalCells(string clip, IReadOnlyList<string> copies)
    {
        var times = Frames.FrameTimes(clip);
        var shared = Enumerable.Range(0, times.Count).Where(i => !InPersonalCell(times[i] - times[0])).ToList();
        var (a, b) = (FrameMd5s(copies[0]), FrameMd5s(copies[1]));
        Assert.Equal(shared.Select(i => a[i]), shared.Select(i => b[i]));
    }

    private static async Task<bool> SharedWorkLeftAsync(PipelineHost pipeline, Batch batch) =>
        await pipeline.Store.ListAsync(ObjectKeys.SharedWorkOf(batch.Id)).AnyAsync();

    /// <summary>Once every job has ended the plan, the claims and the pieces' files are gone.</summary>
    private static Task SharedWorkRemovedAsync(PipelineHost pipeline, Batch batch) => Eventually.UntilAsync(
        async () => !await pipeline.Store.ListAsync(ObjectKeys.SharedWorkOf(batch.Id)).AnyAsync(),
        TimeSpan.FromSeconds(20),
        () => $"objects are left under {ObjectKeys.SharedWorkOf(batch.Id)}");

    /// <summary>Whether a frame this far from the first is in a grid cell the name shows in: [0, 2) or [6, 8).</summary>
    private static bool InPersonalCell(double seconds) => seconds < 2 - 1e-6 || (seconds >= 6 - 1e-6 && seconds < 8 - 1e-6);

    private static int Count(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private static IReadOnlyList<string> FrameMd5s(string path) =>
        [.. Encoding.ASCII.GetString(MediaTool.Ffmpeg("-i", path, "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "framemd5", "-"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(',', StringSplitOptions.TrimEntries)[5])];
}
