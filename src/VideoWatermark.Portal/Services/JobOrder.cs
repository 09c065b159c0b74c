using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Portal.Services;

/// <summary>What the jobs list can be sorted by.</summary>
public enum JobSort
{
    Created,
    Name,
    State,
    Progress,
    Watermark,
    Size,
}

/// <summary>
/// The jobs list's order, written in the address as <c>?sort=name</c> (ascending) or <c>?sort=-size</c> (descending);
/// newest first when absent.
/// </summary>
public readonly record struct JobOrder(JobSort Column, bool Descending)
{
    public static JobOrder Default { get; } = new(JobSort.Created, Descending: true);

    public static string NameOf(JobSort column) => column.ToString().ToLowerInvariant();

    public static JobOrder Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        var descending = text.StartsWith('-');
        var name = descending ? text[1..] : text;
        return Enum.TryParse<JobSort>(name, ignoreCase: true, out var column) && Enum.IsDefined(column)
            ? new JobOrder(column, descending)
            : Default;
    }

    /// <summary>The address's <c>sort</c> value; null for the default, which needs none.</summary>
    public string? ToQuery() => this == Default ? null : (Descending ? "-" : "") + NameOf(Column);

    /// <summary>
    /// The order after a click on <paramref name="column"/>'s header: the same column flips its direction; another
    /// starts with what people look for first there (newest, biggest, furthest along; names A to Z, states in lifecycle order).
    /// </summary>
    public JobOrder Toggle(JobSort column) =>
        column == Column ? this with { Descending = !Descending } : new JobOrder(column, column is JobSort.Created or JobSort.Size or JobSort.Progress);

    /// <summary>
    /// <paramref name="newestFirst"/> (as <see cref="JobIndex.Query"/> returns it) in this order; ties stay newest
    /// first. The default order returns the same array.
    /// </summary>
    public Job[] Apply(Job[] newestFirst)
    {
        if (this == Default)
        {
            return newestFirst;
        }

        if (Column == JobSort.Created)
        {
            return [.. newestFirst.Reverse()];
        }

        var sign = Descending ? -1 : 1;
        var column = Column;
        var position = new Dictionary<Job, int>(newestFirst.Length, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < newestFirst.Length; i++)
        {
            position[newestFirst[i]] = i;
        }

        var sorted = (Job[])newestFirst.Clone();
        Array.Sort(sorted, (a, b) =>
        {
            var byColumn = sign * Compare(column, a, b);
            return byColumn != 0 ? byColumn : position[a].CompareTo(position[b]);
        });
        return sorted;
    }

    private static int Compare(JobSort column, Job a, Job b) => column switch
    {
        JobSort.Name => StringComparer.OrdinalIgnoreCase.Compare(a.FileName, b.FileName),
        JobSort.State => a.State.CompareTo(b.State),
        JobSort.Progress => (a.State == JobState.Succeeded ? 100 : a.Progress).CompareTo(b.State == JobState.Succeeded ? 100 : b.Progress),
        JobSort.Watermark => StringComparer.OrdinalIgnoreCase.Compare(ObjectKeys.FileName(a.Watermark.Image), ObjectKeys.FileName(b.Watermark.Image)),
        JobSort.Size => (a.InputSize ?? -1).CompareTo(b.InputSize ?? -1),
        _ => 0,
    };
}
