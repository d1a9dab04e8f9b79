using System;

namespace HybridCore.ActiveSync;

/// <summary>
/// The request headers that belong to the plain query form ([MS-ASHTTP] 2.2.1.1.2): <c>MS-ASProtocolVersion</c>,
/// <c>X-MS-PolicyKey</c> and <c>MS-ASAcceptMultiPart</c>, as the host read them (empty when absent).
/// The base64 form carries these values itself, so the parser ignores the headers for that form
/// ([MS-ASHTTP] 2.2.1.1.2.6, 2.2.1.1.2.8: the headers SHOULD NOT be used with the base64 form).
/// </summary>
public readonly ref struct EasRequestHeaders
{
    internal readonly ReadOnlySpan<char> ProtocolVersionChars;
    internal readonly ReadOnlySpan<char> PolicyKeyChars;
    internal readonly ReadOnlySpan<char> AcceptMultiPartChars;
    internal readonly ReadOnlySpan<byte> ProtocolVersionUtf8;
    internal readonly ReadOnlySpan<byte> PolicyKeyUtf8;
    internal readonly ReadOnlySpan<byte> AcceptMultiPartUtf8;
    internal readonly bool IsUtf8;

    /// <summary>Header values as text (what ASP.NET Core's header dictionary gives).</summary>
    /// <param name="protocolVersion">The <c>MS-ASProtocolVersion</c> value, e.g. "14.1"; empty if absent.</param>
    /// <param name="policyKey">The <c>X-MS-PolicyKey</c> value, e.g. "1234567890"; empty if absent.</param>
    /// <param name="acceptMultiPart">The <c>MS-ASAcceptMultiPart</c> value, "T" or "F"; empty if absent.</param>
    public EasRequestHeaders(ReadOnlySpan<char> protocolVersion, ReadOnlySpan<char> policyKey = default, ReadOnlySpan<char> acceptMultiPart = default)
    {
        ProtocolVersionChars = protocolVersion;
        PolicyKeyChars = policyKey;
        AcceptMultiPartChars = acceptMultiPart;
    }

    private EasRequestHeaders(ReadOnlySpan<byte> protocolVersion, ReadOnlySpan<byte> policyKey, ReadOnlySpan<byte> acceptMultiPart)
    {
        ProtocolVersionUtf8 = protocolVersion;
        PolicyKeyUtf8 = policyKey;
        AcceptMultiPartUtf8 = acceptMultiPart;
        IsUtf8 = true;
    }

    /// <summary>Header values as raw UTF-8/ASCII bytes (what a server reading the wire has).</summary>
    public static EasRequestHeaders FromUtf8(ReadOnlySpan<byte> protocolVersion, ReadOnlySpan<byte> policyKey = default, ReadOnlySpan<byte> acceptMultiPart = default)
        => new(protocolVersion, policyKey, acceptMultiPart);
}
