using System.Globalization;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Engine.Recipients;

/// <summary>
/// Plans personal copies (<see cref="RecipientPlan"/>): the frames a personal layer may show on, snapped outward to
/// a fixed grid of cells of about <c>gridSeconds</c> on the source's frames, runs of cells as pieces. A frame within
/// <see cref="Tolerance"/> of a window counts as inside it: a frame time can be rounded either way by the filter's
/// arithmetic, and a frame wrongly taken from the base would lack the recipient's layer, while one wrongly
/// re-encoded only costs time.
/// </summary>
public static class RecipientPlanner
{
    public const double DefaultGridSeconds = 2;

    /// <summary>Above this share of frames in personal pieces the windows cover most of the video: full encodes.</summary>
    public const double MaxPersonalShare = 0.5;

    /// <summary>Above this cost against full encodes (the base's encode plus every copy's pieces) the saving is not worth the base's latency.</summary>
    public const double MaxEstimatedCost = 0.9;

    private const double Tolerance = 1e-6;

    public static RecipientPlan Plan(FrameTimeline timeline, WatermarkTemplate template, IReadOnlyList<IReadOnlyDictionary<string, string>> recipients, double gridSeconds = DefaultGridSeconds)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gridSeconds);
        if (timeline.FrameCount == 0)
        {
            throw new ArgumentException("The video has no frames.", nameof(timeline));
        }

        var personal = PersonalLayers.Find(template, recipients);
        var count = recipients.Count;
        RecipientPlan Full(string reason) => new(false, reason, personal, count, timeline.FrameCount, gridSeconds, 1, 1, [], []);

        if (count < 2)
        {
            return Full("one recipient: a base and a copy would cost more than one full encode");
        }

        var shows = new bool[timeline.FrameCount];
        foreach (var index in personal)
        {
            var spans = LayerWindows.For(template.Layers[index], timeline.End);
            if (spans is null)
            {
                return Full(string.Create(CultureInfo.InvariantCulture, $"layer {index + 1} differs between recipients and is always shown: every copy is a full encode"));
            }

            for (var i = 0; i < shows.Length; i++)
            {
                var t = timeline.Times[i];
                shows[i] |= spans.Any(s => t >= s.From - Tolerance && t <= s.To + Tolerance);
            }
        }

        var grid = Grid(timeline, gridSeconds);
        var cells = grid.Select((first, k) => (First: first, Next: k + 1 < grid.Count ? grid[k + 1] : timeline.FrameCount)).ToList();
        var personalCells = cells.Select(c => Enumerable.Range(c.First, c.Next - c.First).Any(i => shows[i])).ToList();

        // Runs of cells of one kind are one piece: fewer files, fewer encoder starts.
        var runs = new List<(int First, int Next, bool Personal)>();
        for (var k = 0; k < cells.Count; k++)
        {
            if (runs.Count > 0 && runs[^1].Personal == personalCells[k])
            {
                runs[^1] = (runs[^1].First, cells[k].Next, personalCells[k]);
            }
            else
            {
                runs.Add((cells[k].First, cells[k].Next, personalCells[k]));
            }
        }

        var personalFrames = runs.Where(r => r.Personal).Sum(r => r.Next - r.First);
        var share = (double)personalFrames / timeline.FrameCount;
        var cost = (1 + (count * share)) / count;
        var clean = timeline.CleanKeyframes is { } known ? new HashSet<int>(known) : [];
        var pieces = runs.Select((r, i) => new RecipientPiece(Segment(timeline, clean, i, r.First, r.Next), r.Personal)).ToList();
        var cuts = grid.Skip(1).Select(g => Midpoint(timeline.Times, g) - timeline.Times[0]).ToList();
        var plan = new RecipientPlan(true, "", personal, count, timeline.FrameCount, gridSeconds, share, cost, cuts, pieces);
        var inv = CultureInfo.InvariantCulture;
        if (share > MaxPersonalShare)
        {
            return plan with { Smart = false, Reason = string.Create(inv, $"the personal layers' windows cover {share:P0} of the video: every copy is a full encode"), Pieces = [], KeyframeCuts = [] };
        }

        if (cost > MaxEstimatedCost)
        {
            return plan with { Smart = false, Reason = string.Create(inv, $"a base and {count} copies of {share:P0} of the video would cost {cost:0.00} of {count} full encodes: every copy is a full encode"), Pieces = [], KeyframeCuts = [] };
        }

        return plan with { Reason = string.Create(inv, $"{personal.Count} personal layer(s) on {share:P1} of the video, in {pieces.Count(p => p.Personal)} piece(s): a base and {count} copies cost about {cost:0.00} of {count} full encodes") };
    }

    /// <summary>The first frame of every grid cell: the first frame at or after each multiple of the period from the first frame.</summary>
    private static List<int> Grid(FrameTimeline timeline, double gridSeconds)
    {
        var times = timeline.Times;
        var grid = new List<int> { 0 };
        var k = 1;
        for (var i = 1; i < times.Count; i++)
        {
            if (times[i] - times[0] >= (k * gridSeconds) - Tolerance)
            {
                grid.Add(i);
                while (times[i] - times[0] >= (k * gridSeconds) - Tolerance)
                {
                    k++;
                }
            }
        }

        return grid;
    }

    private static VideoSegment Segment(FrameTimeline timeline, HashSet<int> clean, int index, int first, int next)
    {
        var times = timeline.Times;
        return new VideoSegment(
            index,
            first,
            next - first,
            times[first],
            next < times.Count ? times[next] : timeline.End,
            first == 0 ? null : Midpoint(times, first),
            next < times.Count ? Midpoint(times, next) : null,
            first > 0 && first + 1 < times.Count && clean.Contains(first) ? Midpoint(times, first + 1) : null);
    }

    private static double Midpoint(IReadOnlyList<double> times, int frame) => (times[frame - 1] + times[frame]) / 2;
}
