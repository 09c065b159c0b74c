namespace VideoWatermark.Engine;

/// <summary>
/// Single frames of a stored video, for previews drawn on a user's own picture: ffmpeg reads only what it needs (a
/// presigned URL is read in ranges, not downloaded), and the frame is upright as the worker's filters see it.
/// </summary>
public interface IVideoFrameExtractor
{
    /// <summary>The video's length in seconds.</summary>
    /// <exception cref="VideoRejectedException">ffmpeg cannot read it as a video.</exception>
    Task<double> DurationAsync(VideoLocation video, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the frame shown at <paramref name="seconds"/> (the last one when the video is shorter) as a PNG at
    /// <paramref name="outputPath"/>, rotated upright as the output shows it.
    /// </summary>
    /// <exception cref="VideoRejectedException">ffmpeg found no frame to show.</exception>
    Task ExtractFrameAsync(VideoLocation video, double seconds, string outputPath, CancellationToken cancellationToken = default);
}

/// <summary>
/// Where ffmpeg reads a video: a local file or an http(s) URL the caller made for a stored object (a presigned URL).
/// Either way it is one argument of an argument list, with the protocols ffmpeg may open fixed to the one needed, so
/// nothing in a file's name is read as a protocol, an option or filter syntax.
/// </summary>
public sealed record VideoLocation
{
    private VideoLocation(string argument, string protocols)
    {
        Argument = argument;
        Protocols = protocols;
    }

    /// <summary>What follows <c>-i</c>.</summary>
    internal string Argument { get; }

    /// <summary>ffmpeg's <c>-protocol_whitelist</c> for it.</summary>
    internal string Protocols { get; }

    /// <summary>A local file; <c>file:</c> in front, so a name holding a colon is never taken for another protocol.</summary>
    public static VideoLocation File(string path) => new("file:" + Path.GetFullPath(path), "file");

    public static VideoLocation Url(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? new VideoLocation(url.AbsoluteUri, "https,http,tls,tcp")
            : throw new ArgumentException($"A video is read from a file or an http(s) URL, not '{url.Scheme}'.", nameof(url));
    }

    /// <summary>The URL's query is a signature: never in a message or a log.</summary>
    public override string ToString() => Protocols == "file" ? Argument : "a signed URL";
}
