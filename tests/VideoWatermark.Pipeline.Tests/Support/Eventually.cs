namespace VideoWatermark.Pipeline.Tests.Support;

public static class Eventually
{
    /// <summary>
    /// Polls until <paramref name="check"/> returns a value, or fails with what it last saw. A check that throws is
    /// tried again: s3rver, unlike S3, can serve an object while another request is replacing it, and the SDK then
    /// rejects the torn read.
    /// </summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> check, TimeSpan timeout, Func<string> describe)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await check() is { } value)
                {
                    return value;
                }
            }
            catch (Exception ex) when (DateTime.UtcNow < deadline)
            {
                last = ex;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds} s: {describe()}", last);
            }

            await Task.Delay(100);
        }
    }
}
