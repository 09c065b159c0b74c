using System.Security.Cryptography;
using System.Text;

namespace VideoWatermark.Storage.Disk;

/// <summary>
/// The secret behind the disk store's URLs: the configured one, or one generated on first use and kept in the data
/// folder (owner-only), so URLs stay valid across restarts without anyone having to configure a secret.
/// </summary>
internal static class SigningKeyFile
{
    public static byte[] Load(string root, string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            var bytes = Encoding.UTF8.GetBytes(configured);
            return bytes.Length >= 32
                ? bytes
                : throw new ArgumentException($"{StorageOptions.Section}:SigningKey must be at least 32 characters long.");
        }

        var path = Path.Combine(root, DiskKeys.SigningKeyFile);
        for (var attempt = 0; ; attempt++)
        {
            if (File.Exists(path) && Convert.FromBase64String(File.ReadAllText(path).Trim()) is { Length: >= 32 } existing)
            {
                return existing;
            }

            var generated = RandomNumberGenerator.GetBytes(32);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var file = new FileStream(path, options))
                using (var writer = new StreamWriter(file))
                {
                    writer.Write(Convert.ToBase64String(generated));
                }

                return generated;
            }
            catch (IOException) when (attempt < 10 && File.Exists(path))
            {
                // Another process created it first; use theirs once it has written it.
                Thread.Sleep(50);
            }
        }
    }
}
