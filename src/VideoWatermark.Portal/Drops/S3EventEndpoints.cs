using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using VideoWatermark.Core.Storage.Events;
using VideoWatermark.Pipeline.Drops;
using VideoWatermark.Portal.Api;
using VideoWatermark.Portal.Security;

namespace VideoWatermark.Portal.Drops;

/// <summary>
/// <c>POST /api/events/s3</c>: S3 event notifications pushed by the store (a MinIO or Ceph webhook target), so a drop
/// starts within a second instead of at the next poll. The store is not a signed-in user: the endpoint takes no
/// login, and instead checks the shared secret (<c>Authorization: Bearer …</c>) itself, in constant time.
/// </summary>
public static class S3EventEndpoints
{
    public const string Path = "/api/events/s3";

    /// <summary>Webhooks batch a few records; far below this.</summary>
    private const long MaxBody = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapS3EventNotifications(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().WithMetadata(new BodyLimit(MaxBody));
        return routes;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext http, IOptions<DropOptions> options, DropNotifications notifications, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(S3EventEndpoints));
        if (!Authorized(http.Request, options.Value.NotificationSecret))
        {
            logger.LogWarning("Refused an S3 notification from {Address}: no or wrong secret", http.Connection.RemoteIpAddress);
            return ApiProblem.For(StatusCodes.Status401Unauthorized,
                "S3 notifications need 'Authorization: Bearer <VideoWatermark:Pipeline:NotificationSecret>'.");
        }

        S3EventNotification? notification;
        try
        {
            notification = await JsonSerializer.DeserializeAsync<S3EventNotification>(http.Request.Body, Json, http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return ApiProblem.For(StatusCodes.Status400BadRequest, $"Not an S3 event notification: {ex.Message}");
        }

        IReadOnlyList<NotifiedDrop> results = notification is null ? [] : await notifications.DispatchAsync(notification, "webhook", http.RequestAborted);
        return TypedResults.Ok(new { records = results });
    }

    private static bool Authorized(HttpRequest request, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first gives equal lengths, so the comparison's time says nothing about the secret's length either.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
