using System.Buffers;
using System.Buffers.Text;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HybridCore.AspNetCore.Authentication;

/// <summary>Options of the HybridCore Basic authentication scheme.</summary>
public sealed class BasicAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The realm sent in the <c>WWW-Authenticate</c> challenge (RFC 7617 section 2).</summary>
    public string Realm { get; set; } = "HybridCore";

    /// <summary>Authorization headers longer than this are refused without decoding. Default 4096 characters.</summary>
    public int MaxHeaderLength { get; set; } = 4096;

    /// <summary>
    /// The default logon domain (NetBIOS name such as <c>CONTOSO</c>), as IIS Basic authentication's "Default domain":
    /// a bare user name such as <c>user12</c> is then checked, and becomes the principal's name, as
    /// <c>CONTOSO\user12</c>. Names with <c>\</c> or <c>@</c> are left alone. Null (default): no default domain, a bare
    /// name is looked up as it is.
    /// </summary>
    public string? DefaultDomain { get; set; }

    /// <summary>Applies <see cref="DefaultDomain"/> to a user name.</summary>
    /// <param name="userName">The name the client sent.</param>
    /// <returns><c>{DefaultDomain}\{userName}</c> for a bare name when a default domain is set, else the name unchanged.</returns>
    public string QualifyUserName(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return string.IsNullOrEmpty(DefaultDomain) || userName.Length == 0 || userName.Contains('\\', StringComparison.Ordinal) || userName.Contains('@', StringComparison.Ordinal)
            ? userName
            : string.Concat(DefaultDomain, "\\", userName);
    }
}

/// <summary>Well-known names of the Basic scheme.</summary>
public static class BasicAuthenticationDefaults
{
    /// <summary>The default scheme name, <c>Basic</c>.</summary>
    public const string AuthenticationScheme = "Basic";
}

/// <summary>Claim types HybridCore adds to the principals it creates.</summary>
public static class HybridClaimTypes
{
    /// <summary>The directory identity of the recipient the credentials belong to.</summary>
    public const string RecipientIdentity = "urn:hybridcore:recipient-identity";
}

/// <summary>
/// HTTP Basic authentication (RFC 7617) against an <see cref="IHybridCredentialValidator"/>. The principal's
/// name is the user name exactly as the client sent it (UPN, SMTP address or <c>DOMAIN\user</c>), so the
/// middleware treats it like a name from any other scheme (Negotiate, certificates).
/// </summary>
internal sealed class BasicAuthenticationHandler : AuthenticationHandler<BasicAuthenticationOptions>
{
    private const string Prefix = "Basic ";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly IHybridCredentialValidator _validator;

    public BasicAuthenticationHandler(
        IOptionsMonitor<BasicAuthenticationOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        IHybridCredentialValidator validator)
        : base(options, logger, encoder)
    {
        _validator = validator;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (header.Length > Options.MaxHeaderLength)
        {
            return AuthenticateResult.Fail("The Authorization header is too long.");
        }

        if (!TryDecode(header.AsSpan(Prefix.Length).Trim(), out string? userName, out string? password))
        {
            return AuthenticateResult.Fail("The Basic credentials are malformed.");
        }

        // IIS Basic authentication with a default domain: a bare "user12" is CONTOSO\user12 from here on.
        userName = Options.QualifyUserName(userName);
        string? identity = await _validator.ValidateAsync(userName, password, Context.RequestAborted).ConfigureAwait(false);
        if (identity is null)
        {
            return AuthenticateResult.Fail("The user name or password is incorrect.");
        }

        var claims = new[]
        {
            new Claim(ClaimTypes.Name, userName, ClaimValueTypes.String, ClaimsIssuer),
            new Claim(HybridClaimTypes.RecipientIdentity, identity, ClaimValueTypes.String, ClaimsIssuer),
        };
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // RFC 7617 section 2 and 2.1: realm, and charset="UTF-8" because the credentials are decoded as UTF-8.
        Response.StatusCode = StatusCodes401;
        Response.Headers[HeaderNames.WWWAuthenticate] = $"Basic realm=\"{Options.Realm}\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    private const int StatusCodes401 = Microsoft.AspNetCore.Http.StatusCodes.Status401Unauthorized;

    /// <summary>Decodes <c>base64(user:password)</c>; the user name is everything before the first colon (RFC 7617 section 2).</summary>
    internal static bool TryDecode(ReadOnlySpan<char> base64, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? userName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? password)
    {
        userName = password = null;
        if (base64.IsEmpty)
        {
            return false;
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(base64.Length));
        try
        {
            if (!Convert.TryFromBase64Chars(base64, rented, out int written))
            {
                return false;
            }

            ReadOnlySpan<byte> bytes = rented.AsSpan(0, written);
            int colon = bytes.IndexOf((byte)':');
            if (colon <= 0)
            {
                return false;
            }

            try
            {
                userName = StrictUtf8.GetString(bytes[..colon]);
                password = StrictUtf8.GetString(bytes[(colon + 1)..]);
            }
            catch (DecoderFallbackException)
            {
                userName = password = null;
                return false;
            }

            foreach (char c in userName)
            {
                if (char.IsControl(c))
                {
                    userName = password = null;
                    return false;
                }
            }

            return true;
        }
        finally
        {
            rented.AsSpan(0, rented.Length).Clear();
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
