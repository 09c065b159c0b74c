using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace VideoWatermark.Portal.Auth;

/// <summary>
/// The built-in single admin: a PBKDF2 hash (ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>) from
/// configuration or from the data folder's <see cref="AdminPasswordFile"/>, re-read on each check so a new password
/// works without a restart.
/// </summary>
public sealed class AdminAccount(IOptions<AuthOptions> options, IConfiguration configuration, IHostEnvironment environment)
{
    public const string UserName = "admin";

    private static readonly PasswordHasher<AdminAccount> Hasher = new();

    private readonly string file = AdminPasswordFile.PathIn(configuration, environment.ContentRootPath);

    // HTTP Basic sends the password with every API call; PBKDF2 on each would cost tens of milliseconds of CPU, so
    // the digest of the last password that verified is kept, tied to the hash it verified against.
    private volatile Verified? lastVerified;

    public bool IsConfigured => CurrentHash() is not null;

    public string FilePath => file;

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    public bool Verify(string userName, string password)
    {
        if (CurrentHash() is not { } hash)
        {
            return false;
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var nameMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(userName), Encoding.UTF8.GetBytes(UserName));
        if (lastVerified is { } known && known.Hash == hash && CryptographicOperations.FixedTimeEquals(known.Digest, digest))
        {
            return nameMatches;
        }

        PasswordVerificationResult result;
        try
        {
            result = Hasher.VerifyHashedPassword(this, hash, password);
        }
        catch (FormatException)
        {
            return false;
        }

        if (result == PasswordVerificationResult.Failed)
        {
            return false;
        }

        lastVerified = new Verified(hash, digest);
        return nameMatches;
    }

    private sealed record Verified(string Hash, byte[] Digest);

    private string? CurrentHash() =>
        options.Value.AdminPasswordHash is { Length: > 0 } configured ? configured.Trim() : AdminPasswordFile.Read(file);
}
