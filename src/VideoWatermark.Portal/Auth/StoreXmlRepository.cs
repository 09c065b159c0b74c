using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using VideoWatermark.Core;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Portal.Auth;

/// <summary>
/// The data-protection key ring (what signs and encrypts session cookies and antiforgery tokens) kept in the bucket,
/// so every portal task, and the one that replaces it, reads the same keys. They live under <see cref="Prefix"/>,
/// which nothing lists (jobs, watermarks and outputs have prefixes of their own), no signed URL names, and only the
/// portal's role may read; the bucket encrypts them at rest.
/// </summary>
public sealed class StoreXmlRepository(IObjectStore store) : IXmlRepository
{
    public const string Prefix = ObjectKeys.PortalKeysPrefix;

    // Called rarely (at start and when the key ring is refreshed, about once a day), and the interface is synchronous.
    public IReadOnlyCollection<XElement> GetAllElements() => LoadAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var body = new MemoryStream();
        element.Save(body, SaveOptions.DisableFormatting);
        body.Position = 0;

        // Key elements never change once written; a name taken already would be another key's, so keep both.
        if (!store.PutAsync(KeyFor(friendlyName), body, "application/xml", PutCondition.MustNotExist).GetAwaiter().GetResult())
        {
            body.Position = 0;
            store.PutAsync(KeyFor(null), body, "application/xml", PutCondition.MustNotExist).GetAwaiter().GetResult();
        }
    }

    private async Task<IReadOnlyCollection<XElement>> LoadAsync()
    {
        var elements = new List<XElement>();
        await foreach (var item in store.ListAsync(Prefix))
        {
            try
            {
                await using var stream = await store.OpenReadAsync(item.Key);
                elements.Add(await XElement.LoadAsync(stream, LoadOptions.None, CancellationToken.None));
            }
            catch (ObjectNotFoundException)
            {
                // Removed between the listing and the read: it is no key any more.
            }
        }

        return elements;
    }

    private static string KeyFor(string? friendlyName) =>
        Prefix + (friendlyName is { Length: > 0 and <= 100 } name && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? name
            : Guid.NewGuid().ToString("n")) + ".xml";
}
