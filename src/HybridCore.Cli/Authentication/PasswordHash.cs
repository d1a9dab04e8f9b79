using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace HybridCore.Cli.Authentication;

/// <summary>
/// Salted PBKDF2-HMAC-SHA256 password hashes in the text form
/// <c>PBKDF2-SHA256$iterations$salt-base64$hash-base64</c>, as stored in a directory file.
/// </summary>
/// <remarks>
/// Uses <see cref="Rfc2898DeriveBytes.Pbkdf2(ReadOnlySpan{char}, ReadOnlySpan{byte}, int, HashAlgorithmName, int)"/>
/// and compares in constant time. The iteration count travels with the hash so it can be raised later;
/// counts outside <see cref="MinIterations"/>..<see cref="MaxIterations"/> are refused so that a hostile or careless
/// directory file cannot make every log-on (and every wrong password an attacker sends) take seconds of CPU.
/// </remarks>
internal static class PasswordHash
{
    /// <summary>The prefix of every hash.</summary>
    public const string Algorithm = "PBKDF2-SHA256";

    /// <summary>The iteration count <see cref="Create(string)"/> uses.</summary>
    public const int DefaultIterations = 100_000;

    /// <summary>The smallest iteration count accepted.</summary>
    public const int MinIterations = 1_000;

    /// <summary>The largest iteration count accepted: 600,000, what the OWASP Password Storage Cheat Sheet recommends
    /// for PBKDF2-HMAC-SHA256. Every check costs as much as the directory's largest count (see
    /// <see cref="DirectoryCredentialValidator"/>), so a higher count only buys an attacker more of the server's CPU.</summary>
    public const int MaxIterations = 600_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt and <see cref="DefaultIterations"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is null.</exception>
    public static string Create(string password) => Create(password, DefaultIterations);

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is outside the accepted range.</exception>
    public static string Create(string password, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        Span<byte> hash = stackalloc byte[HashBytes];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, hash, iterations, HashAlgorithmName.SHA256);
        return string.Create(CultureInfo.InvariantCulture, $"{Algorithm}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="encoded"/> is a well-formed hash this class can verify.</summary>
    public static bool IsValid([NotNullWhen(true)] string? encoded) => TryDecode(encoded, out _, out _, out _);

    /// <summary>Checks <paramref name="password"/> against <paramref name="encoded"/> in constant time.</summary>
    /// <returns>True when the password matches; false when it does not or <paramref name="encoded"/> is malformed.</returns>
    public static bool Verify(string password, string? encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryDecode(encoded, out int iterations, out byte[]? salt, out byte[]? expected))
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HashBytes];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, actual, iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Burns the time of <paramref name="iterations"/> PBKDF2 iterations over <paramref name="password"/>, so that
    /// an unknown user name (or a hash with fewer iterations) takes as long as the directory's costliest check.</summary>
    internal static void Burn(string password, int iterations)
    {
        if (iterations <= 0)
        {
            return;
        }

        Span<byte> salt = stackalloc byte[SaltBytes];
        salt.Clear();
        Span<byte> actual = stackalloc byte[HashBytes];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, actual, iterations, HashAlgorithmName.SHA256);
    }

    /// <summary>The iteration count of a hash <see cref="IsValid"/> accepts; 0 for anything else.</summary>
    internal static int GetIterations(string? encoded) => TryDecode(encoded, out int iterations, out _, out _) ? iterations : 0;

    /// <summary>Why <paramref name="encoded"/> is not a valid hash, for error messages; null when it is valid.</summary>
    internal static string? Describe(string? encoded)
    {
        if (TryDecode(encoded, out _, out _, out _))
        {
            return null;
        }

        string[] parts = encoded?.Split('$') ?? [];
        if (parts.Length == 4 && string.Equals(parts[0], Algorithm, StringComparison.Ordinal) &&
            long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n is < MinIterations or > MaxIterations)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{n} iterations is outside {MinIterations}..{MaxIterations} (re-create the hash with 'hybridcore hash-password').");
        }

        return $"Not a {Algorithm} hash (create one with 'hybridcore hash-password').";
    }

    private static bool TryDecode(string? encoded, out int iterations, [NotNullWhen(true)] out byte[]? salt, [NotNullWhen(true)] out byte[]? hash)
    {
        iterations = 0;
        salt = hash = null;
        if (encoded is null || encoded.Length > 256)
        {
            return false;
        }

        string[] parts = encoded.Split('$');
        if (parts.Length != 4 || !string.Equals(parts[0], Algorithm, StringComparison.Ordinal) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) ||
            iterations is < MinIterations or > MaxIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            salt = hash = null;
            return false;
        }

        return salt.Length >= 8 && hash.Length == HashBytes;
    }
}
