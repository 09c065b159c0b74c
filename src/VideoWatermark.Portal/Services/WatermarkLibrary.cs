using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Options;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Images;
using VideoWatermark.Pipeline;

namespace VideoWatermark.Portal.Services;

/// <param name="Visible">The bounding box of the image's visible pixels, which placement applies to; null when none show.</param>
public sealed record WatermarkInfo(string Key, string Name, long Size, int Width, int Height, string Format, bool IsDefault, DateTimeOffset LastModified, VisibleArea? Visible);

/// <summary>
/// The images under <c>watermarks/</c>: checked on upload, listed with their sizes, one of them the default, and
/// deleted only when no unfinished job waits on them.
/// </summary>
public sealed class WatermarkLibrary(
    IObjectStore store,
    JobIndex index,
    DispatchOptions dispatch,
    IOptions<PortalOptions> options,
    ILogger<WatermarkLibrary> logger)
{
    /// <summary>The portal's choice of default, kept in the bucket so every portal instance shares it.</summary>
    public const string DefaultSettingKey = "portal/default-watermark";

    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp" };

    private readonly ConcurrentDictionary<string, (string Stamp, ImageHeaderInfo? Header, VisibleArea? Visible)> headers = new(StringComparer.Ordinal);

    private IObjectStore Store => store;

    public event Action? Changed;

    /// <summary>A name (<c>logo.png</c>) or a key (<c>watermarks/logo.png</c>) as the key.</summary>
    public static string KeyFor(string nameOrKey)
    {
        var text = nameOrKey.Trim();
        return text.StartsWith(ObjectKeys.WatermarksPrefix, StringComparison.Ordinal)
            ? ObjectKeys.WatermarkKey(text[ObjectKeys.WatermarksPrefix.Length..])
            : ObjectKeys.WatermarkKey(text);
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        key.StartsWith(ObjectKeys.WatermarksPrefix, StringComparison.Ordinal) && await Store.HeadAsync(key, cancellationToken) is not null;

    public async Task<IReadOnlyList<WatermarkInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var defaultKey = await GetDefaultKeyAsync(cancellationToken);
        var list = new List<WatermarkInfo>();
        await foreach (var info in Store.ListAsync(ObjectKeys.WatermarksPrefix, cancellationToken))
        {
            var name = info.Key[ObjectKeys.WatermarksPrefix.Length..];
            if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }

            var (header, visible) = await HeaderAsync(info, cancellationToken);
            if (header is null)
            {
                continue;
            }

            list.Add(new WatermarkInfo(info.Key, name, info.Size, header.Width, header.Height, header.Format, info.Key == defaultKey, info.LastModified, visible));
        }

        return list;
    }

    public async Task<WatermarkInfo?> FindAsync(string nameOrKey, CancellationToken cancellationToken = default)
    {
        var key = KeyFor(nameOrKey);
        return (await ListAsync(cancellationToken)).FirstOrDefault(w => w.Key == key);
    }

    /// <summary>Checks and stores an image; an existing watermark of the same name is never replaced.</summary>
    public async Task<WatermarkInfo> UploadAsync(string? fileName, Stream content, long length, CancellationToken cancellationToken = default)
    {
        var name = ObjectKeys.SafeFileName(fileName ?? "");
        if (!Extensions.Contains(Path.GetExtension(name)))
        {
            throw new UnsupportedTypeException(
                $"'{fileName}' is not a watermark image: use {string.Join(", ", Extensions.Order())}.");
        }

        if (length <= 0)
        {
            throw new InvalidInputException($"'{name}' is empty.");
        }

        if (length > options.Value.MaxWatermarkBytes)
        {
            throw new TooLargeException($"'{name}' is {Bytes.Format(length)}; watermarks are limited to {Bytes.Format(options.Value.MaxWatermarkBytes)}.");
        }

        // A watermark is small (limited above), so it is checked in memory before anything is written, with the
        // same check the worker makes before ffmpeg sees the image.
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var (header, problem) = WatermarkImage.Inspect(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), $"'{name}'");
        if (header is null)
        {
            var notAnImage = ImageHeader.TryRead(buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, ImageHeader.BytesNeeded))) is null;
            throw notAnImage ? new UnsupportedTypeException(problem!) : new InvalidInputException(problem!);
        }

        // Placement applies to the visible part, measured here once; an image with none would stamp nothing.
        var visible = Visible(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), name);
        var key = ObjectKeys.WatermarkKey(name);
        buffer.Position = 0;
        if (await Store.HeadAsync(key, cancellationToken) is not null
            || !await Store.PutAsync(key, buffer, header.ContentType, PutCondition.MustNotExist, cancellationToken))
        {
            throw new ConflictException($"A watermark named '{name}' exists already: delete it first or rename the file.");
        }

        if (await Store.HeadAsync(key, cancellationToken) is { } stored)
        {
            await WatermarkFacts.KeepAsync(Store, stored, header, visible, cancellationToken);
        }

        logger.LogInformation("Watermark {Key} added ({Width}x{Height} {Format}, visible {Visible})", key, header.Width, header.Height, header.Format, visible);
        Changed?.Invoke();
        return (await FindAsync(key, cancellationToken))!;
    }

    public async Task DeleteAsync(string nameOrKey, CancellationToken cancellationToken = default)
    {
        var key = KeyFor(nameOrKey);
        if (!await ExistsAsync(key, cancellationToken))
        {
            throw new NotFoundException($"There is no watermark '{ObjectKeys.FileName(key)}'.");
        }

        if (key == await GetDefaultKeyAsync(cancellationToken))
        {
            throw new ConflictException($"'{ObjectKeys.FileName(key)}' is the default watermark: make another one the default first.");
        }

        if (index.IsWatermarkInUse(key))
        {
            throw new ConflictException($"'{ObjectKeys.FileName(key)}' is used by a job that has not finished yet.");
        }

        await Store.DeleteAsync(key, cancellationToken);
        await WatermarkFacts.ForgetAsync(Store, key, cancellationToken);
        headers.TryRemove(key, out _);
        logger.LogInformation("Watermark {Key} deleted", key);
        Changed?.Invoke();
    }

    /// <summary>A signed URL that shows the image in the page (thumbnails, the placement preview).</summary>
    public Task<Uri> ImageUrlAsync(string key, CancellationToken cancellationToken = default) =>
        Store.PresignDownloadAsync(key, ObjectKeys.FileName(key), TimeSpan.FromMinutes(options.Value.DownloadUrlMinutes), inline: true, cancellationToken);

    public async Task<string> GetDefaultKeyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var stream = await Store.OpenReadAsync(DefaultSettingKey, cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var key = (await reader.ReadToEndAsync(cancellationToken)).Trim();
            if (key.StartsWith(ObjectKeys.WatermarksPrefix, StringComparison.Ordinal))
            {
                return key;
            }
        }
        catch (ObjectNotFoundException)
        {
        }

        return dispatch.DefaultWatermarkKey;
    }

    public async Task SetDefaultAsync(string nameOrKey, CancellationToken cancellationToken = default)
    {
        var key = KeyFor(nameOrKey);
        if (!await ExistsAsync(key, cancellationToken))
        {
            throw new NotFoundException($"There is no watermark '{ObjectKeys.FileName(key)}'.");
        }

        using var body = new MemoryStream(Encoding.UTF8.GetBytes(key));
        await Store.PutAsync(DefaultSettingKey, body, "text/plain", cancellationToken: cancellationToken);

        // Videos dropped into this process's store without the portal follow the same default.
        dispatch.DefaultWatermarkKey = key;
        Changed?.Invoke();
    }

    /// <summary>Puts the original design's watermark in place (as the pipeline's seeder does at start), and applies the stored default.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await WatermarkSeeder.EnsureAsync(Store, ObjectKeys.DefaultWatermarkKey, cancellationToken))
        {
            logger.LogInformation("Seeded {Key} with the original watermark", ObjectKeys.DefaultWatermarkKey);
        }

        await ApplyStoredDefaultAsync(cancellationToken);
    }

    /// <summary>Videos dropped in without the portal get the default chosen here, as after <see cref="SetDefaultAsync"/>.</summary>
    public async Task ApplyStoredDefaultAsync(CancellationToken cancellationToken = default) =>
        dispatch.DefaultWatermarkKey = await GetDefaultKeyAsync(cancellationToken);

    /// <summary>The stored or newly measured visible area; a store that cannot keep it leaves the whole image placed.</summary>
    private async Task<VisibleArea?> VisibleAsync(ObjectInfo info, CancellationToken cancellationToken)
    {
        try
        {
            return (await WatermarkFacts.GetOrMeasureAsync(Store, info, cancellationToken))?.Visible;
        }
        catch (ObjectStoreUnavailableException ex)
        {
            logger.LogWarning(ex, "Could not measure or keep the visible area of {Key}; it is placed whole until it can be", info.Key);
            return null;
        }
    }

    private static VisibleArea Visible(ReadOnlySpan<byte> image, string name)
    {
        VisibleArea? visible;
        try
        {
            visible = VisibleAreaMeasure.Measure(image);
        }
        catch (InvalidDataException)
        {
            throw new InvalidInputException($"'{name}' cannot be decoded as an image: it is damaged.");
        }

        return visible ?? throw new InvalidInputException(
            $"'{name}' is fully transparent: none of its pixels would show on a video. Use an image with something drawn on it.");
    }

    /// <summary>
    /// The image's header and visible area, remembered per version of the object; the visible area comes from the
    /// facts stored beside it, measured now (and stored) for an image added before they were kept.
    /// </summary>
    private async Task<(ImageHeaderInfo? Header, VisibleArea? Visible)> HeaderAsync(ObjectInfo info, CancellationToken cancellationToken)
    {
        var stamp = WatermarkFacts.StampOf(info);
        if (headers.TryGetValue(info.Key, out var cached) && cached.Stamp == stamp)
        {
            return (cached.Header, cached.Visible);
        }

        ImageHeaderInfo? header;
        VisibleArea? visible = null;
        try
        {
            await using (var stream = await Store.OpenReadAsync(info.Key, cancellationToken))
            {
                var buffer = new byte[Math.Min(ImageHeader.BytesNeeded, Math.Max(info.Size, 1))];
                var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                header = ImageHeader.TryRead(buffer.AsSpan(0, read));
            }

            if (header is not null)
            {
                visible = await VisibleAsync(info, cancellationToken);
            }
        }
        catch (ObjectNotFoundException)
        {
            header = null;
        }

        headers[info.Key] = (stamp, header, visible);
        return (header, visible);
    }
}
