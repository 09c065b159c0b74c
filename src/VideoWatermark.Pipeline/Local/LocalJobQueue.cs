using System.Threading.Channels;

namespace VideoWatermark.Pipeline.Local;

/// <summary>
/// The local pool's queue of job ids. It lives in memory only: the job records are the durable queue, and start-up
/// recovery refills this from them.
/// </summary>
public sealed class LocalJobQueue
{
    private readonly Channel<string> channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false });

    public ChannelReader<string> Reader => channel.Reader;

    public void Enqueue(string jobId)
    {
        if (!channel.Writer.TryWrite(jobId))
        {
            throw new InvalidOperationException("The local job queue is closed.");
        }
    }
}
