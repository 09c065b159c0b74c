using System.Text.Json;
using VideoWatermark.Core;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Images;

namespace VideoWatermark.Pipeline;

/// <summary>
/// What the library knows of a watermark beyond its header: its visible area (null when nothing of it shows),
/// measured from the decoded image once, when it is added or seeded (or on first use, for an image stored before
/// this was kept), and stored beside it (<see cref="ObjectKeys.WatermarkFactsKey"/>). <see cref="Stamp"/> names the
/// bytes it was measured on, so a record left from another image of the same name is measured again.
/// </summary>
public sealed record WatermarkFacts(string Stamp, int Width, int Height, VisibleArea? Visible)
{
    /// <summary>The identity of the stored image's bytes: its ETag, or its size and time where the store has none.</summary>
    public static string StampOf(ObjectInfo image) => image.ETag ?? $"{image.Size}:{image.LastModified.UtcTicks}";

    /// <summary>Measures <paramref name="bytes"/> (already accepted by <see cref="WatermarkImage.Inspect"/>), the image stored as <paramref name="image"/>, and keeps the result.</summary>
    /// <exception cref="InvalidDataException">The bytes do not decode.</exception>
    public static async Task<WatermarkFacts> MeasureAndKeepAsync(IObjectStore store, ObjectInfo image, ReadOnlyMemory<byte> bytes, ImageHeaderInfo header, CancellationToken cancellationToken = default)
    {
        return await KeepAsync(store, image, header, VisibleAreaMeasure.Measure(bytes.Span), cancellationToken);
    }

    /// <summary>Stores the facts of the image stored as <paramref name="image"/>, measured already.</summary>
    public static async Task<WatermarkFacts> KeepAsync(IObjectStore store, ObjectInfo image, ImageHeaderInfo header, VisibleArea? visible, CancellationToken cancellationToken = default)
    {
        var facts = new WatermarkFacts(StampOf(image), header.Width, header.Height, visible);
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(facts, PipelineWebJson.Default.WatermarkFacts));
        await store.PutAsync(ObjectKeys.WatermarkFactsKey(image.Key), body, "application/json", cancellationToken: cancellationToken);
        return facts;
    }

    /// <summary>
    /// The stored facts of <paramref name="image"/>, or, when there are none for these bytes, the image measured now
    /// and its facts stored. Null when the image is not one the library takes.
    /// </summary>
    public static async Task<WatermarkFacts?> GetOrMeasureAsync(IObjectStore store, ObjectInfo image, CancellationToken cancellationToken = default)
    {
        if (await ReadAsync(store, image, cancellationToken) is { } known)
        {
            return known;
        }

        if (image.Size > WatermarkImage.MaxBytes)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            await using var stream = await store.OpenReadAsync(image.Key, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }

        var (header, _) = WatermarkImage.Inspect(bytes, image.Key);
        if (header is null)
        {
            return null;
        }

        try
        {
            return await MeasureAndKeepAsync(store, image, bytes, header, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Removes the facts of a deleted watermark, so a new image of that name is measured anew.</summary>
    public static Task ForgetAsync(IObjectStore store, string watermarkKey, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(ObjectKeys.WatermarkFactsKey(watermarkKey), cancellationToken);

    private static async Task<WatermarkFacts?> ReadAsync(IObjectStore store, ObjectInfo image, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(ObjectKeys.WatermarkFactsKey(image.Key), cancellationToken);
            var facts = await JsonSerializer.DeserializeAsync(stream, PipelineWebJson.Default.WatermarkFacts, cancellationToken);
            return facts is not null && facts.Stamp == StampOf(image) ? facts : null;
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
        catch (JsonException)
        {
            // A damaged record is measured again and replaced.
            return null;
        }
    }
}
