using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Pipeline.Local;

/// <summary>
/// The embedded store's stand-in for the S3 event notification: every completed write under
/// <c>unprocessed-videos/</c> goes to the same dispatch core the Lambda runs.
/// </summary>
public sealed class DispatchingListener(IServiceProvider services, ILogger<DispatchingListener> logger) : IObjectCreatedListener
{
    public async ValueTask OnObjectCreatedAsync(ObjectCreated created, CancellationToken cancellationToken = default)
    {
        if (!ObjectKeys.IsTrigger(created.Key))
        {
            return;
        }

        try
        {
            // Resolved per call: the store depends on its listeners, and dispatch depends on the store.
            var dispatch = services.GetRequiredService<DispatchService>();
            var result = await dispatch.HandleAsync(created, cancellationToken);
            logger.LogInformation("{Key}: {Outcome} {JobId}. {Detail}", created.Key, result.Outcome, result.JobId, result.Detail);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The upload itself succeeded and must not be reported as failed; the hot folder's scan retries the dispatch.
            logger.LogError(ex, "Could not dispatch {Key}", created.Key);
        }
    }
}
