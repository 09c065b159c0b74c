using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Storage.S3;

/// <summary>Turns the SDK's failures that an outage explains into <see cref="ObjectStoreUnavailableException"/>.</summary>
internal static class S3Failures
{
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
    }

    public static Task GuardAsync(Func<Task> call) =>
        GuardAsync(async () =>
        {
            await call();
            return true;
        });

    public static ObjectStoreUnavailableException Unavailable(Exception e)
    {
        // The SDK's own message for a lost connection is generic; the cause underneath says what happened.
        var message = e is AmazonServiceException && e.InnerException is { } inner ? inner.Message : e.Message;
        return new ObjectStoreUnavailableException(message, e);
    }

    public static bool IsOutage(Exception ex)
    {
        if (ex is not (AmazonClientException or ArgumentException))
        {
            return false;
        }

        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AmazonServiceException service when service.StatusCode != 0:
                    return (int)service.StatusCode >= 500 || service.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
                case ArgumentException when e.Source is "AWSSDK.Core" or "AWSSDK.S3":
                    // The SDK could not parse the store's answer (a torn or empty ETag or checksum header, as from a
                    // store restarting mid-request): a garbled response, worth asking again.
                    return true;
                case HttpRequestException or SocketException or TimeoutException or IOException:
                    return true;
                case AmazonClientException when e.Message.Contains("calculated hash", StringComparison.Ordinal):
                    // The body did not match its checksum: torn by a store that replaces objects in place (s3rver)
                    // while it was read, or damaged on the way. The SDK gives this no type of its own.
                    return true;
            }
        }

        return false;
    }
}
