namespace VideoWatermark.Testing;

/// <summary>
/// The system clock, whose wall time a test can stop at one instant while timers and timestamps keep running. A page
/// that shows "11s elapsed" reads the wall time, but still needs real timers to refresh; FakeTimeProvider stops both.
/// </summary>
public sealed class FreezableClock : TimeProvider
{
    private DateTimeOffset? frozen;

    /// <summary>Stops the wall time at the current instant, and returns it.</summary>
    public DateTimeOffset Freeze()
    {
        var now = System.GetUtcNow();
        frozen = now;
        return now;
    }

    public override DateTimeOffset GetUtcNow() => frozen ?? System.GetUtcNow();
}
