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
/// The EAS request-line parser against the framework's query parsers, on the same query, reading the same
/// fields (command, user, device id, device type). For the base64 form the framework methods also decode the
/// base64 value (<see cref="Convert.FromBase64String(string)"/>) but do not walk its fields, so they are a lower
/// bound on what a framework-based parser would cost.
/// </summary>
[MemoryDiagnoser]
public class QueryParserBenchmarks
{
    private string _query = string.Empty;
    private byte[] _utf8Query = [];

    /// <summary>The query: a plain Sync from an iPad with an escaped User ([MS-ASHTTP] 2.2.1.1.1.2), or the [MS-ASHTTP] 2.2.1.1.1.1 base64 example.</summary>
    [Params("Plain", "Base64")]
    public string Form { get; set; } = "Plain";

    [GlobalSetup]
    public void Setup()
    {
        _query = Form == "Plain"
            ? "?Cmd=Sync&User=user12%40contoso.com&DeviceId=RSUA4U03JH48LAS6T7BD2TENV0&DeviceType=iPad"
            : "?jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l";
        _utf8Query = Encoding.UTF8.GetBytes(_query);
    }

    [Benchmark(Baseline = true)]
    public int HttpUtilityParseQueryString()
    {
        NameValueCollection q = HttpUtility.ParseQueryString(_query);
        if (Form == "Plain")
        {
            return q["Cmd"]!.Length + q["User"]!.Length + q["DeviceId"]!.Length + q["DeviceType"]!.Length;
        }

        return Convert.FromBase64String(q[null]!).Length;
    }

    [Benchmark]
    public int QueryHelpersParseQuery()
    {
        Dictionary<string, StringValues> q = QueryHelpers.ParseQuery(_query);
        if (Form == "Plain")
        {
            return q["Cmd"].ToString().Length + q["User"].ToString().Length + q["DeviceId"].ToString().Length + q["DeviceType"].ToString().Length;
        }

        foreach (string key in q.Keys)
        {
            return Convert.FromBase64String(key).Length;
        }

        return 0;
    }

    [Benchmark]
    [SkipLocalsInit] // as the docs advise: the scratch buffer needs no zeroing
    public int EasRequestLineChars()
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequestLine line = EasRequestLine.Parse(_query, buffer);
        return (int)line.Command + line.User.Length + line.DeviceId.Length + line.DeviceType.Length;
    }

    [Benchmark]
    [SkipLocalsInit] // as the docs advise: the scratch buffer needs no zeroing
    public int EasRequestLineUtf8()
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequestLine line = EasRequestLine.Parse(_utf8Query, buffer);
        return (int)line.Command + line.User.Length + line.DeviceId.Length + line.DeviceType.Length;
    }

    /// <summary>Parse and materialise the <see cref="EasRequest"/> record with strings (what allocates, and how much).</summary>
    [Benchmark]
    [SkipLocalsInit] // as the docs advise: the scratch buffer needs no zeroing
    public int EasRequestLineToRequest()
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequest r = EasRequestLine.Parse(_query, buffer).ToRequest();
        return (int)r.Command + r.DeviceId.Length;
    }
}
