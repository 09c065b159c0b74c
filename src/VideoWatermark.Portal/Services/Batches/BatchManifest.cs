using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace VideoWatermark.Portal.Services.Batches;

/// <summary>One recipient's line of a batch's manifest.</summary>
/// <param name="DownloadUrl">A signed link to the copy, null until it succeeded.</param>
/// <param name="ExpiresAt">When <paramref name="DownloadUrl"/> stops working.</param>
public sealed record BatchManifestRow(int Row, string Recipient, string? Email, string FileName, string State, string? Sha256, string? DownloadUrl, DateTimeOffset? ExpiresAt);

/// <summary>
/// A batch as CSV for whoever sends the copies out: recipient, e-mail, file name, SHA-256, a signed link and its
/// expiry. Names come from users, so a cell starting with =, +, - or @ gets a leading apostrophe, as in the jobs export.
/// </summary>
public static class BatchManifest
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    public static IReadOnlyList<string> Header { get; } = ["row", "recipient", "email", "file", "state", "sha256", "download_url", "expires_at"];

    /// <summary>Writes <paramref name="rows"/> as UTF-8 CSV (no BOM), one line per recipient after the header.</summary>
    public static async Task WriteAsync(IEnumerable<BatchManifestRow> rows, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await using var csv = new CsvWriter(writer, Configuration);
        foreach (var header in Header)
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            csv.WriteField(row.Row);
            csv.WriteField(row.Recipient);
            csv.WriteField(row.Email);
            csv.WriteField(row.FileName);
            csv.WriteField(row.State);
            csv.WriteField(row.Sha256);
            csv.WriteField(row.DownloadUrl);
            csv.WriteField(row.ExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
    }
}
