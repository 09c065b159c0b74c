namespace VideoWatermark.Testing.Media;

/// <summary>One audio track as ffprobe describes it; <paramref name="StartTime"/> in seconds, edit lists applied.</summary>
public sealed record AudioTrack(string Codec, int Channels, string? Language, double StartTime);
