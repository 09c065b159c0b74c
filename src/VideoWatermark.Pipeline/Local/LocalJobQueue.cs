using System.Threading.Channels;

namespace VideoWatermark.Pipeline.Local;

/// <summary>
/// The local pool's queue of work: a job's run, or one segment's of a split job. It lives in memory only: the job
/// records are the durable queue, and start-up recovery refills this from them.
/// </summary>
public sealed class LocalJobQueue
{
    private readonly Channel<WorkItem> channel = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = false });

    public ChannelReader<WorkItem> Reader => channel.Reader;

    public void Enqueue(string jobId) => Write(new WorkItem(jobId));

    public void EnqueueSegment(string jobId, int index) => Write(new WorkItem(jobId, index));

    private void Write(WorkItem item)
    {
        if (!channel.Writer.TryWrite(item))
        {
            throw new InvalidOperationException("The local job queue is closed.");
        }
    }
}

/// <summary>A job's run, or with <paramref name="Segment"/> the run of that one segment.</summary>
public sealed record WorkItem(string JobId, int? Segment = null);
