namespace VideoWatermark.Engine.Commands;

/// <summary>
/// Which audio codecs go into the output MP4 untouched. Everything else (Opus and Vorbis from WebM/MKV, PCM from
/// camera MOVs, FLAC) is re-encoded to AAC: MP4 players and browsers cannot rely on those inside MP4.
/// </summary>
internal static class AudioPlan
{
    public const string ReencodeCodec = "aac";
    public const string ReencodeBitrate = "192k";

    private static readonly HashSet<string> CopyableIntoMp4 = new(StringComparer.OrdinalIgnoreCase) { "aac", "mp3", "ac3", "eac3", "alac" };

    public static bool CanCopy(string codec) => CopyableIntoMp4.Contains(codec);
}
