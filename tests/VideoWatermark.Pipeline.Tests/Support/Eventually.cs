namespace VideoWatermark.Pipeline.Tests.Support;

public static class Eventually
{
    /// <summary>Polls until <paramref name="check"/> returns a value, or fails with what it last saw.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> check, TimeSpan timeout, Func<string> describe)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await check() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds} s: {describe()}");
            }

            await Task.Delay(100);
        }
    }
}
