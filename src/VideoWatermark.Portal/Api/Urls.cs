namespace VideoWatermark.Portal.Api;

public static class Urls
{
    /// <summary>
    /// The embedded store signs relative URLs (it does not know the address the portal is reached at); scripts need
    /// absolute ones, built from the request they sent.
    /// </summary>
    public static string Absolute(HttpRequest request, string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute.ToString();
        }

        var root = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        return new Uri(root, url.TrimStart('/')).ToString();
    }

    public static string Absolute(HttpRequest request, Uri url) => Absolute(request, url.OriginalString);
}
