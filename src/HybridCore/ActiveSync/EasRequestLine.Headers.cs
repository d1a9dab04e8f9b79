using System;
using System.Globalization;
using System.Runtime.InteropServices;

namespace HybridCore.ActiveSync;

// The plain form's headers ([MS-ASHTTP] 2.2.1.1.2), applied after the query parsed: MS-ASProtocolVersion,
// X-MS-PolicyKey and MS-ASAcceptMultiPart. The base64 form carries its own version, policy key and options, so the
// headers are ignored for it ([MS-ASHTTP] 2.2.1.1.2.5, 2.2.1.1.2.6, 2.2.1.1.2.8).
public ref partial struct EasRequestLine
{
    // On an error the view is cleared. Header errors have offset 0.
    private bool TryApplyHeaders(scoped EasRequestHeaders headers, out EasRequestLineFailure error)
    {
        EasRequestLineError reason = _form != EasQueryForm.Plain ? EasRequestLineError.None
            : headers.IsUtf8 ? Apply(headers.ProtocolVersionUtf8, headers.PolicyKeyUtf8, headers.AcceptMultiPartUtf8)
            : Apply(headers.ProtocolVersionChars, headers.PolicyKeyChars, headers.AcceptMultiPartChars);
        if (reason != EasRequestLineError.None)
        {
            this = default;
        }

        error = reason == EasRequestLineError.None ? default : new EasRequestLineFailure(reason, 0);
        return reason == EasRequestLineError.None;
    }

    // Each header is optional (empty when absent). The policy key is a decimal uint32 ([MS-ASHTTP] 2.2.1.1.2.8),
    // digits only (NumberStyles.None: no sign or white space); MS-ASAcceptMultiPart is "T" or "F" (2.2.1.1.2.5).
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
            if (!(typeof(T) == typeof(char)
                ? uint.TryParse(MemoryMarshal.Cast<T, char>(policyKey), NumberStyles.None, CultureInfo.InvariantCulture, out _policyKey)
                : uint.TryParse(MemoryMarshal.Cast<T, byte>(policyKey), NumberStyles.None, CultureInfo.InvariantCulture, out _policyKey)))
            {
                return EasRequestLineError.InvalidPolicyKeyHeader;
            }

            _present |= Fields.PolicyKey;
        }

        int flag = acceptMultiPart.Length == 1 ? At(acceptMultiPart, 0) | 0x20 : acceptMultiPart.IsEmpty ? 'f' : 0;
        _options |= flag == 't' ? EasRequestOptions.AcceptMultiPart : 0;
        return flag is 't' or 'f' ? EasRequestLineError.None : EasRequestLineError.InvalidAcceptMultiPartHeader;
    }
}
