namespace VideoWatermark.Testing;

/// <summary>Configuration for a pipeline over a temp data folder, with timings short enough for tests.</summary>
public static class TestSettings
{
    public static Dictionary<string, string?> For(TempFolder folder, params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["VideoWatermark:DataDir"] = folder.Combine("data"),
            ["VideoWatermark:Storage:Kind"] = "Disk",
            ["VideoWatermark:Pipeline:Kind"] = "Local",
            ["VideoWatermark:Pipeline:Workers"] = "2",
            // A lease 120 heartbeats long: a starved heartbeat on a busy machine must not look like a dead worker
            // (and run a job twice); tests of a dead worker backdate its heartbeat rather than wait for the lease.
            ["VideoWatermark:Pipeline:HeartbeatSeconds"] = "0.5",
            ["VideoWatermark:Pipeline:LeaseMinutes"] = "1",
            ["VideoWatermark:Pipeline:SweepSeconds"] = "0.5",
            ["VideoWatermark:Pipeline:HotFolderSettleSeconds"] = "0.5",
            ["VideoWatermark:Pipeline:HotFolderScanSeconds"] = "1",
            ["VideoWatermark:Pipeline:WorkDir"] = folder.Combine("work"),
            ["VideoWatermark:Engine:Preset"] = "ultrafast",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}
