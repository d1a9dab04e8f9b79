using System;
using System.Globalization;
using System.Runtime.InteropServices;

namespace HybridCore.ActiveSync;

// The plain form's headers ([MS-ASHTTP] 2.2.1.1.2), applied after the query parsed: MS-ASProtocolVersion,
// X-MS-PolicyKey and MS-ASAcceptMultiPart. The base64 form carries its own version, policy key and options, so the
// headers are ignored for it ([MS-ASHTTP] 2.2.1.1.2.5, 2.2.1.1.2.6, 2.2.1.1.2.8).
public ref partial struct EasRequestLine
{
    // On an error the view is cleared.
    private bool TryApplyHeaders(scoped EasRequestHeaders headers, out EasRequestLineFailure error)
    {
        error = default;
        if (_form != EasQueryForm.Plain)
        {
            return true;
        }

        EasRequestLineError reason = ApplyHeaders(headers, out int offset);
        if (reason == EasRequestLineError.None)
        {
            return true;
        }

        this = default;
        error = new EasRequestLineFailure(reason, offset);
        return false;
    }

    private EasRequestLineError ApplyHeaders(scoped EasRequestHeaders headers, out int offset)
    {
        offset = 0;
        return headers.IsUtf8
            ? Apply(headers.ProtocolVersionUtf8, headers.PolicyKeyUtf8, headers.AcceptMultiPartUtf8)
            : Apply(headers.ProtocolVersionChars, headers.PolicyKeyChars, headers.AcceptMultiPartChars);
    }

    // Each header is optional (empty when absent). The policy key is a decimal uint32 ([MS-ASHTTP] 2.2.1.1.2.8).
    private EasRequestLineError Apply<T>(scoped ReadOnlySpan<T> version, scoped ReadOnlySpan<T> policyKey, scoped ReadOnlySpan<T> acceptMultiPart)
        where T : unmanaged
    {
        if (!version.IsEmpty && !(typeof(T) == typeof(char)
            ? EasProtocolVersion.TryParse(MemoryMarshal.Cast<T, char>(version), out _version)
            : EasProtocolVersion.TryParse(MemoryMarshal.Cast<T, byte>(version), out _version)))
        {
            return EasRequestLineError.InvalidProtocolVersionHeader;
        }

        if (!policyKey.IsEmpty)
        {
            // NumberStyles.None: digits only, no sign or white space.
            if (!(typeof(T) == typeof(char)
                ? uint.TryParse(MemoryMarshal.Cast<T, char>(policyKey), NumberStyles.None, CultureInfo.InvariantCulture, out _policyKey)
                : uint.TryParse(MemoryMarshal.Cast<T, byte>(policyKey), NumberStyles.None, CultureInfo.InvariantCulture, out _policyKey)))
            {
                return EasRequestLineError.InvalidPolicyKeyHeader;
            }

            _present |= Fields.PolicyKey;
        }

        return ApplyAcceptMultiPart(acceptMultiPart.Length, acceptMultiPart.IsEmpty ? 0 : At(acceptMultiPart, 0));
    }

    // [MS-ASHTTP] 2.2.1.1.2.5: MS-ASAcceptMultiPart is "T" (multipart) or "F".
    private EasRequestLineError ApplyAcceptMultiPart(int length, int first)
    {
        if (length == 0)
        {
            return EasRequestLineError.None;
        }

        if (length == 1 && (first | 0x20) == 't')
        {
            _options |= EasRequestOptions.AcceptMultiPart;
            return EasRequestLineError.None;
        }

        return length == 1 && (first | 0x20) == 'f' ? EasRequestLineError.None : EasRequestLineError.InvalidAcceptMultiPartHeader;
    }
}
