using System;
using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace HybridCore.ActiveSync;

/// <summary>How a user name was written.</summary>
public enum EasUserNameFormat
{
    /// <summary>A bare name, e.g. <c>user12</c>.</summary>
    Plain = 0,

    /// <summary>A down-level logon name, <c>DOMAIN\user</c>.</summary>
    DownLevel = 1,

    /// <summary>A user principal name or address, <c>user@domain</c>.</summary>
    UserPrincipalName = 2,
}

/// <summary>A user name split into its parts; UTF-8 spans into the caller's buffer.</summary>
public readonly ref struct EasUserName
{
    internal EasUserName(ReadOnlySpan<byte> name, ReadOnlySpan<byte> account, ReadOnlySpan<byte> domain, EasUserNameFormat format)
    {
        Name = name;
        Account = account;
        Domain = domain;
        Format = format;
    }

    /// <summary>The whole name as given, e.g. <c>CONTOSO\user12</c> or <c>user12@contoso.com</c>.</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>The account part: <c>user12</c> in both examples.</summary>
    public ReadOnlySpan<byte> Account { get; }

    /// <summary>The domain part: <c>CONTOSO</c> or <c>contoso.com</c>; empty for <see cref="EasUserNameFormat.Plain"/>.</summary>
    public ReadOnlySpan<byte> Domain { get; }

    /// <summary>Which way the name was written.</summary>
    public EasUserNameFormat Format { get; }

    /// <summary>Splits a UTF-8 user name: <c>DOMAIN\user</c> at the first backslash, <c>user@domain</c> at the last <c>@</c>.</summary>
    public static EasUserName Split(ReadOnlySpan<byte> name)
    {
        int slash = name.IndexOf((byte)'\\');
        if (slash >= 0)
        {
            return new EasUserName(name, name[(slash + 1)..], name[..slash], EasUserNameFormat.DownLevel);
        }

        int at = name.LastIndexOf((byte)'@');
        return at >= 0
            ? new EasUserName(name, name[..at], name[(at + 1)..], EasUserNameFormat.UserPrincipalName)
            : new EasUserName(name, name, default, EasUserNameFormat.Plain);
    }

    /// <summary>The whole name as a string (allocates).</summary>
    public override string ToString() => Encoding.UTF8.GetString(Name);
}

/// <summary>
/// Reads the user name out of an <c>Authorization: Basic</c> header (RFC 7617), for requests whose query has no
/// <c>User=</c>: EAS clients send Basic credentials in the Authorization header ([MS-ASHTTP] 2.2.1.1.2.2). The host owns authentication;
/// this only tells it who the client says it is. Nothing allocates; the password never leaves the method (its
/// bytes are zeroed in the buffer).
/// </summary>
public static class EasBasicCredentials
{
    /// <summary>The longest credentials token accepted, in characters (decoded into at most 3/4 as many bytes).</summary>
    public const int MaxTokenLength = 4096;

    /// <summary>The scratch buffer size that always suffices: <see cref="MaxTokenLength"/> bytes.</summary>
    public const int MaxDecodedBytes = MaxTokenLength;

    /// <summary>Gets the user of an <c>Authorization</c> header value such as <c>Basic Q09OVE9TT1x1c2VyMTI6cGFzcw==</c>.</summary>
    /// <param name="authorization">The header value.</param>
    /// <param name="buffer">Scratch space (at least the token's length; <see cref="MaxDecodedBytes"/> always suffices); the user points into it.</param>
    /// <param name="user">The user name, split into its parts.</param>
    /// <returns><see langword="false"/> if the header is not Basic, the token is not base64, the user is empty or not UTF-8, or the buffer is too short.</returns>
    public static bool TryGetUser(ReadOnlySpan<char> authorization, Span<byte> buffer, out EasUserName user)
    {
        user = default;
        ReadOnlySpan<char> token = Token(authorization);
        if (token.IsEmpty || token.Length > MaxTokenLength || token.Length > buffer.Length
            || Ascii.FromUtf16(token, buffer, out int n) != OperationStatus.Done)
        {
            return false;
        }

        return Finish(buffer[..n], out user);
    }

    /// <summary>Gets the user of an <c>Authorization</c> header value given as bytes.</summary>
    /// <inheritdoc cref="TryGetUser(ReadOnlySpan{char}, Span{byte}, out EasUserName)"/>
    public static bool TryGetUser(ReadOnlySpan<byte> authorization, Span<byte> buffer, out EasUserName user)
    {
        user = default;
        ReadOnlySpan<byte> token = Token(authorization);
        if (token.IsEmpty || token.Length > MaxTokenLength || !token.TryCopyTo(buffer))
        {
            return false;
        }

        return Finish(buffer[..token.Length], out user);
    }

    private static bool Finish(Span<byte> base64, out EasUserName user)
    {
        user = default;
        if (Base64.DecodeFromUtf8InPlace(base64, out int length) != OperationStatus.Done)
        {
            CryptographicOperations.ZeroMemory(base64);
            return false;
        }

        // user-pass = user-id ":" password (RFC 7617 2); the user-id cannot contain ':'.
        Span<byte> decoded = base64[..length];
        int colon = decoded.IndexOf((byte)':');
        int userLength = colon < 0 ? decoded.Length : colon;
        CryptographicOperations.ZeroMemory(base64[userLength..]);
        ReadOnlySpan<byte> name = decoded[..userLength];
        if (colon < 0 || name.IsEmpty || !Utf8.IsValid(name) || name.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || name.IndexOf((byte)0x7F) >= 0)
        {
            return false;
        }

        user = EasUserName.Split(name);
        return true;
    }

    // credentials = auth-scheme 1*SP token68 (RFC 7235 2.1); the scheme is case-insensitive.
    private static ReadOnlySpan<char> Token(ReadOnlySpan<char> header)
    {
        header = header.Trim(' ');
        if (header.Length < 6 || !header[..5].Equals("Basic", StringComparison.OrdinalIgnoreCase) || header[5] != ' ')
        {
            return default;
        }

        return header[6..].TrimStart(' ');
    }

    private static ReadOnlySpan<byte> Token(ReadOnlySpan<byte> header)
    {
        header = header.Trim((byte)' ');
        if (header.Length < 6 || !Ascii.EqualsIgnoreCase(header[..5], "Basic"u8) || header[5] != (byte)' ')
        {
            return default;
        }

        return header[6..].TrimStart((byte)' ');
    }
}
