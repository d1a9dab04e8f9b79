using System.Buffers.Binary;
using System.Collections.Specialized;
using System.Runtime.CompilerServices;
using System.Text;
using System.Web;
using BenchmarkDotNet.Attributes;
using HybridCore.ActiveSync;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace HybridCore.Benchmarks;

/// <summary>
/// The base64 form against what a server would otherwise write with the framework: get the query value
/// (<see cref="HttpUtility.ParseQueryString(string)"/> or <see cref="QueryHelpers.ParseQuery(string)"/>), decode it
/// (<see cref="Convert.FromBase64String(string)"/>), then walk the fixed fields of [MS-ASHTTP] 2.2.1.1.1.1 (version,
/// command code, locale, device id, policy key, device type) and the tag/length/value parameters with
/// <see cref="BinaryPrimitives"/>. The framework rows check lengths (a slice past the end throws) but validate
/// nothing else (no version, command, device id or UTF-8 checks), so they are still a lower bound.
/// <see cref="QueryParserBenchmarks"/> keeps the rows that stop after the base64 decode.
/// </summary>
[MemoryDiagnoser]
public class QueryParserBase64Benchmarks
{
    private const string Query = "?jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l"; // the [MS-ASHTTP] 2.2.1.1.1.1 example
    private readonly byte[] _utf8Query = Encoding.UTF8.GetBytes(Query);

    [Benchmark(Baseline = true)]
    public int HttpUtilityDecodeAndReadFields()
    {
        NameValueCollection q = HttpUtility.ParseQueryString(Query);
        return ReadFields(Convert.FromBase64String(q[null]!));
    }

    [Benchmark]
    public int QueryHelpersDecodeAndReadFields()
    {
        Dictionary<string, StringValues> q = QueryHelpers.ParseQuery(Query);
        foreach (string key in q.Keys)
        {
            return ReadFields(Convert.FromBase64String(key));
        }

        return 0;
    }

    [Benchmark]
    [SkipLocalsInit] // as the docs advise: the scratch buffer needs no zeroing
    public int EasRequestLineChars()
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequestLine line = EasRequestLine.Parse(Query, buffer);
        return line.ProtocolVersion.EncodedValue + (int)line.Command + line.Locale.GetValueOrDefault() + line.DeviceId.Length + (int)line.PolicyKey.GetValueOrDefault() + line.DeviceType.Length;
    }

    [Benchmark]
    [SkipLocalsInit] // as the docs advise: the scratch buffer needs no zeroing
    public int EasRequestLineUtf8()
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequestLine line = EasRequestLine.Parse(_utf8Query, buffer);
        return line.ProtocolVersion.EncodedValue + (int)line.Command + line.Locale.GetValueOrDefault() + line.DeviceId.Length + (int)line.PolicyKey.GetValueOrDefault() + line.DeviceType.Length;
    }

    // The fields of the byte sequence, as a hand-written framework-based server would read them.
    private static int ReadFields(ReadOnlySpan<byte> s)
    {
        int version = s[0];
        int command = s[1];
        int locale = BinaryPrimitives.ReadUInt16LittleEndian(s[2..]);
        int pos = 4;
        ReadOnlySpan<byte> deviceId = s.Slice(pos + 1, s[pos]);
        pos += 1 + deviceId.Length;
        ReadOnlySpan<byte> policyKeyBytes = s.Slice(pos + 1, s[pos]);
        uint policyKey = policyKeyBytes.Length == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(policyKeyBytes) : 0;
        pos += 1 + policyKeyBytes.Length;
        ReadOnlySpan<byte> deviceType = s.Slice(pos + 1, s[pos]);
        pos += 1 + deviceType.Length;
        int parameters = 0;
        while (pos < s.Length)
        {
            int tag = s[pos];
            ReadOnlySpan<byte> value = s.Slice(pos + 2, s[pos + 1]);
            parameters += tag + value.Length;
            pos += 2 + value.Length;
        }

        return version + command + locale + deviceId.Length + (int)policyKey + deviceType.Length + parameters;
    }
}
