namespace VideoWatermark.Storage;

internal static class LocalFiles
{
    /// <summary>Writes <paramref name="source"/> beside <paramref name="path"/> and renames it over, so a failed download leaves the old file.</summary>
    public static async Task ReplaceAsync(string path, Stream source, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + "." + Guid.NewGuid().ToString("N")[..8] + ".part";
        try
        {
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(target, 1 << 20, cancellationToken);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
