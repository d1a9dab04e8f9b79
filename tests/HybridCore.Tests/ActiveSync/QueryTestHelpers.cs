using System.Text;
using HybridCore.ActiveSync;

namespace HybridCore.Tests.ActiveSync;

/// <summary>Shortcuts for the request-line tests: parse from chars and from UTF-8 and check both agree.</summary>
internal static class QueryTestHelpers
{
    public static EasRequest Parse(string query, string version = "", string policyKey = "", string multiPart = "")
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        var headers = new EasRequestHeaders(version, policyKey, multiPart);
        EasRequestLine line = EasRequestLine.Parse(query, headers, buffer);
        EasRequest fromChars = line.ToRequest();

        Span<byte> buffer2 = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        var utf8Headers = EasRequestHeaders.FromUtf8(Encoding.UTF8.GetBytes(version), Encoding.UTF8.GetBytes(policyKey), Encoding.UTF8.GetBytes(multiPart));
        EasRequest fromUtf8 = EasRequestLine.Parse(Encoding.UTF8.GetBytes(query), utf8Headers, buffer2).ToRequest();
        Assert.Equal(fromChars, fromUtf8);
        return fromChars;
    }

    public static EasRequestLineFailure Error(string query, string version = "", string policyKey = "", string multiPart = "")
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        bool ok = EasRequestLine.TryParse(query, new EasRequestHeaders(version, policyKey, multiPart), buffer, out EasRequestLine line, out EasRequestLineFailure error);
        Assert.False(ok);
        Assert.Equal(EasQueryForm.Plain, line.Form); // a failed parse leaves the default view
        Assert.True(line.DeviceId.IsEmpty);

        EasRequestLineException ex = Assert.Throws<EasRequestLineException>(() => Throwing(query, version, policyKey, multiPart));
        Assert.Equal(error.Reason, ex.Reason);
        Assert.Equal(error.Offset, ex.Offset);
        Assert.Equal(error.HttpStatusCode, ex.HttpStatusCode);
        return error;
    }

    public static EasRequestLineFailure Utf8Error(byte[] query)
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        Assert.False(EasRequestLine.TryParse(query, buffer, out _, out EasRequestLineFailure error));
        return error;
    }

    private static void Throwing(string query, string version, string policyKey, string multiPart)
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequestLine.Parse(query, new EasRequestHeaders(version, policyKey, multiPart), buffer);
    }

    /// <summary>The fixed part of a base64-form sequence ([MS-ASHTTP] 2.2.1.1.1.1) followed by extra bytes.</summary>
    public static byte[] Sequence(byte version, byte command, string deviceId, string deviceType, params byte[] tail)
    {
        var bytes = new List<byte> { version, command, 0x09, 0x04, (byte)deviceId.Length };
        bytes.AddRange(Encoding.ASCII.GetBytes(deviceId));
        bytes.Add(0);
        bytes.Add((byte)deviceType.Length);
        bytes.AddRange(Encoding.ASCII.GetBytes(deviceType));
        bytes.AddRange(tail);
        return [.. bytes];
    }

    public static string Base64(byte[] sequence) => Convert.ToBase64String(sequence);
}
