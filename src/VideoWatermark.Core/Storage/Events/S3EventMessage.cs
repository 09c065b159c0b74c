using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoWatermark.Core.Storage.Events;

/// <summary>
/// The body of a message on a queue that a bucket notifies: the S3 event notification itself, the same wrapped in an
/// SNS envelope (a topic between the bucket and the queue), or the <c>s3:TestEvent</c> S3 sends once when the
/// notification is configured, which names no object.
/// </summary>
public sealed record S3EventMessage(S3EventNotification? Notification, bool IsTestEvent)
{
    /// <exception cref="FormatException">The body is not JSON, or not one of these shapes.</exception>
    public static S3EventMessage Parse(string body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not JSON: {ex.Message}", ex);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("Not a JSON object.");
        }

        // SNS delivers the publisher's message as a string inside its own envelope (unless raw delivery is on).
        if (Text(root, "Type") == "Notification" && Text(root, "Message") is { } inner)
        {
            return Parse(inner);
        }

        if (Text(root, "Event") == "s3:TestEvent")
        {
            return new S3EventMessage(null, IsTestEvent: true);
        }

        if (!root.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("Neither an S3 event notification (Records), an SNS envelope nor an s3:TestEvent.");
        }

        try
        {
            return new S3EventMessage(root.Deserialize(S3EventJsonContext.Default.S3EventNotification), IsTestEvent: false);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not an S3 event notification: {ex.Message}", ex);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(S3EventNotification))]
internal sealed partial class S3EventJsonContext : JsonSerializerContext;
