using System;
using System.Buffers.Text;
using System.Globalization;

namespace HybridCore.ActiveSync;

// The plain form's headers ([MS-ASHTTP] 2.2.1.1.2), applied after the query parsed: MS-ASProtocolVersion,
// X-MS-PolicyKey and MS-ASAcceptMultiPart. The base64 form carries its own version, policy key and options, so the
// headers are ignored for it ([MS-ASHTTP] 2.2.1.1.2.5, 2.2.1.1.2.6, 2.2.1.1.2.8).
public ref partial struct EasRequestLine
{
    // On an error the view is cleared.
    private bool TryApplyHeaders(scoped EasRequestHeaders headers, out EasQueryErrorInfo error)
    {
        error = default;
        if (_form != EasQueryForm.Plain)
        {
            return true;
        }

        EasQueryError reason = ApplyHeaders(headers, out int offset);
        if (reason == EasQueryError.None)
        {
            return true;
        }

        this = default;
        error = new EasQueryErrorInfo(reason, offset);
        return false;
    }

    private EasQueryError ApplyHeaders(scoped EasRequestHeaders headers, out int offset)
    {
        offset = 0;
        if (headers.IsUtf8)
        {
            if (!headers.ProtocolVersionUtf8.IsEmpty && !EasProtocolVersion.TryParse(headers.ProtocolVersionUtf8, out _version))
            {
                return EasQueryError.InvalidProtocolVersionHeader;
            }

            if (!headers.PolicyKeyUtf8.IsEmpty)
            {
                if (!Utf8Parser.TryParse(headers.PolicyKeyUtf8, out _policyKey, out int consumed) || consumed != headers.PolicyKeyUtf8.Length || !IsAllDigits(headers.PolicyKeyUtf8))
                {
                    return EasQueryError.InvalidPolicyKeyHeader;
                }

                _present |= Fields.PolicyKey;
            }

            return ApplyAcceptMultiPart(headers.AcceptMultiPartUtf8.Length, headers.AcceptMultiPartUtf8.IsEmpty ? 0 : headers.AcceptMultiPartUtf8[0]);
        }

        if (!headers.ProtocolVersionChars.IsEmpty && !EasProtocolVersion.TryParse(headers.ProtocolVersionChars, out _version))
        {
            return EasQueryError.InvalidProtocolVersionHeader;
        }

        if (!headers.PolicyKeyChars.IsEmpty)
        {
            if (!uint.TryParse(headers.PolicyKeyChars, NumberStyles.None, CultureInfo.InvariantCulture, out _policyKey))
            {
                return EasQueryError.InvalidPolicyKeyHeader;
            }

            _present |= Fields.PolicyKey;
        }

        return ApplyAcceptMultiPart(headers.AcceptMultiPartChars.Length, headers.AcceptMultiPartChars.IsEmpty ? 0 : headers.AcceptMultiPartChars[0]);
    }

    // [MS-ASHTTP] 2.2.1.1.2.5: MS-ASAcceptMultiPart is "T" (multipart) or "F".
    private EasQueryError ApplyAcceptMultiPart(int length, int first)
    {
        if (length == 0)
        {
            return EasQueryError.None;
        }

        if (length == 1 && (first | 0x20) == 't')
        {
            _options |= EasRequestOptions.AcceptMultiPart;
            return EasQueryError.None;
        }

        return length == 1 && (first | 0x20) == 'f' ? EasQueryError.None : EasQueryError.InvalidAcceptMultiPartHeader;
    }

    private static bool IsAllDigits(ReadOnlySpan<byte> s) => s.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
}
