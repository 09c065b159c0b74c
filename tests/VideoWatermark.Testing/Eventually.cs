namespace VideoWatermark.Testing;

/// <summary>
/// The one way tests wait for something to happen: poll a check until it holds or a deadline passes, then fail
/// with what it last saw. No test sleeps a fixed time and hopes.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Polls until <paramref name="check"/> returns a value, or fails with what it last saw. A check that throws is
    /// tried again: s3rver, unlike S3, can serve an object while another request is replacing it, and the SDK then
    /// rejects the torn read.
    /// </summary>
    /// <param name="interval">Between checks; 100 ms unless a check is heavy enough to take the cores the test waits for.</param>
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> check, TimeSpan timeout, Func<string> describe, TimeSpan? interval = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(describe);
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

            await Task.Delay(interval ?? Interval);
        }
    }

    /// <summary>Polls until <paramref name="check"/> is true, or fails with <paramref name="describe"/>.</summary>
    public static Task UntilAsync(Func<Task<bool>> check, TimeSpan timeout, Func<string> describe) =>
        WaitAsync<object>(async () => await check() ? true : null, timeout, describe);

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, TimeSpan, Func{string})"/>
    public static Task UntilAsync(Func<bool> check, TimeSpan timeout, Func<string> describe) =>
        WaitAsync<object>(() => Task.FromResult<object?>(check() ? true : null), timeout, describe);
}
