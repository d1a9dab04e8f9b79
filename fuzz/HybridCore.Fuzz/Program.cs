using System.Buffers;
using System.Text;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore.Authentication;
using HybridCore.AspNetCore.Autodiscover;
using HybridCore.Diagnostics.Logs;
using HybridCore.DirectoryModel;
using HybridCore.TestSupport;
using HybridCore.Wbxml;
using SharpFuzz;

// Coverage-guided fuzz targets for AFL++ through SharpFuzz (docs/fuzzing.md):
//   HybridCore.Fuzz TARGET            run under afl-fuzz (input on stdin / the file AFL gives, via SharpFuzz)
//   HybridCore.Fuzz TARGET --replay F run one input once outside AFL (a crash is an unhandled exception, exit != 0)
//   HybridCore.Fuzz seeds DIR         write the seed corpus, one folder per target
// Every target accepts any bytes; only the documented exception types may come out of the library, and anything
// else escapes to SharpFuzz, which reports it to AFL++ as a crash.
if (args.Length == 2 && args[0] == "seeds")
{
    Seeds.Write(args[1]);
    return 0;
}

if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out Action<byte[]>? target))
{
    Console.Error.WriteLine($"usage: HybridCore.Fuzz {{{string.Join('|', Targets.All.Keys)}}} [--replay FILE] | seeds DIR");
    return 2;
}

if (args.Length == 3 && args[1] == "--replay")
{
    target(File.ReadAllBytes(args[2]));
    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.ToArray());
});
return 0;

internal static class Targets
{
    public static readonly Dictionary<string, Action<byte[]>> All = new(StringComparer.Ordinal)
    {
        ["wbxml-span"] = WbxmlSpan,
        ["wbxml-segmented"] = WbxmlSegmented,
        ["xml-converter"] = XmlConverter,
        ["request-line"] = RequestLine,
        ["basic-credentials"] = BasicCredentials,
        ["directory"] = DirectoryFile,
        ["w3c-log"] = W3CLog,
        ["autodiscover"] = Autodiscover,
    };

    private static void WbxmlSpan(byte[] data) => Walk(new WbxmlReader(data), out _, out _);

    /// <summary>The segmented reader (the input cut into three segments where its first bytes say) must agree with the span reader.</summary>
    private static void WbxmlSegmented(byte[] data)
    {
        int a = data.Length == 0 ? 0 : data[0] % (data.Length + 1);
        int b = data.Length < 2 ? a : a + (data[1] % (data.Length - a + 1));
        Walk(new WbxmlReader(data), out int spanTokens, out WbxmlError spanError);
        Walk(new WbxmlReader(Segments.Create(data.AsMemory(0, a), data.AsMemory(a, b - a), data.AsMemory(b))), out int segmentTokens, out WbxmlError segmentError);
        if (spanTokens != segmentTokens || spanError != segmentError)
        {
            throw new InvalidOperationException($"span {spanTokens}/{spanError} != segmented {segmentTokens}/{segmentError} (cuts {a}, {b})");
        }
    }

    private static void Walk(WbxmlReader reader, out int tokens, out WbxmlError error)
    {
        tokens = 0;
        error = WbxmlError.None;
        try
        {
            while (reader.Read())
            {
                tokens++;
            }
        }
        catch (WbxmlException e)
        {
            error = e.Error;
        }
    }

    private static void XmlConverter(byte[] data)
    {
        try
        {
            WbxmlXmlConverter.ToXml(data, maxChars: 1 << 20);
        }
        catch (WbxmlException)
        {
        }

        try
        {
            WbxmlXmlConverter.FromXml(Encoding.UTF8.GetString(data));
        }
        catch (WbxmlException)
        {
        }
    }

    private static void RequestLine(byte[] data)
    {
        Span<byte> scratch = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequestLine.TryParse(data, scratch, out _, out _);
        EasRequestLine.TryParse(Encoding.UTF8.GetString(data), scratch, out _, out _);
    }

    private static void BasicCredentials(byte[] data) => BasicAuthenticationHandler.TryDecode(Encoding.UTF8.GetString(data), out _, out _);

    private static void DirectoryFile(byte[] data)
    {
        try
        {
            DirectorySnapshot.FromJson(data);
        }
        catch (DirectoryValidationException)
        {
        }
    }

    private static void W3CLog(byte[] data)
    {
        var analyzer = new ActiveSyncLogAnalyzer();
        using var reader = new W3CLogReader(new W3CLogReaderOptions { MaxLineLength = 4096, ReadSize = 1024 });
        reader.Read(new MemoryStream(data), "fuzz", analyzer);
    }

    private static void Autodiscover(byte[] data) => AutodiscoverXml.TryParseRequest(data, 32 * 1024, out _);
}

/// <summary>The seed corpus: inputs the tests use, built from the library's own samples and spec examples.</summary>
internal static class Seeds
{
    public static void Write(string root)
    {
        byte[] sync = WbxmlSampleDocuments.CreateSyncResponse(512);
        byte[] folderSync = WbxmlXmlConverter.FromXml("<FolderSync xmlns=\"FolderHierarchy:\"><SyncKey>0</SyncKey></FolderSync>");
        byte[] mixed = WbxmlXmlConverter.FromXml("<Sync xmlns=\"AirSync\" xmlns:e=\"Email\" xmlns:b=\"AirSyncBase\"><e:Subject>x</e:Subject><b:Body/><Status>1</Status></Sync>");
        Put(root, "wbxml-span", sync, folderSync, mixed);
        Put(root, "wbxml-segmented", sync, folderSync, mixed);
        Put(root, "xml-converter", folderSync, mixed, Encoding.UTF8.GetBytes(WbxmlXmlConverter.ToXml(mixed)));
        Put(
            root,
            "request-line",
            "Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone"u8.ToArray(),
            Encoding.ASCII.GetBytes(EasRequestWriter.WriteBase64(new EasRequest { Command = EasCommand.FolderSync, DeviceId = "ABCDEF0123456789", DeviceType = "iPhone", ProtocolVersion = EasProtocolVersion.V14_1, User = "user12", Locale = 0x0409 })),
            "Cmd=Ping&User=CONTOSO%5Cuser12&DeviceId=D1&DeviceType=SmartPhone&Log=V141_Error:UserHasNoMailbox_"u8.ToArray());
        Put(root, "basic-credentials", Encoding.ASCII.GetBytes(Convert.ToBase64String("user12@contoso.com:P@ssw0rd"u8)), "dXNlcjEy"u8.ToArray());
        Put(
            root,
            "directory",
            """{ "relationships": [ { "name": "O365", "domainNames": ["contoso.mail.onmicrosoft.com"], "targetOwaUrl": "https://outlook.com/owa/contoso.com" } ], "recipients": [ { "kind": "RemoteMailbox", "identity": "u", "userPrincipalName": "u@contoso.com", "remoteRoutingAddress": "SMTP:u@contoso.mail.onmicrosoft.com" } ] }"""u8.ToArray(),
            """{ "relationships": [], "recipients": [ { "kind": "LocalMailbox", "identity": "u", "userPrincipalName": "u@contoso.com" } ], "unknown": { "u": 1 } }"""u8.ToArray());
        Put(
            root,
            "w3c-log",
            "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\r\n2026-01-05 10:00:00 10.0.0.1 POST /Microsoft-Server-ActiveSync/default.eas Cmd=Sync&User=user12&DeviceId=D1&DeviceType=iPhone&Log=V141_RdirTo:TryToFigureOutEasEndpoint%3Bhttps://outlook.office365.com/Microsoft-Server-ActiveSync_ 443 user12 10.0.0.2 Apple-iPhone 451 0 0 15\r\n"u8.ToArray());
        Put(
            root,
            "autodiscover",
            """<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request><EMailAddress>user12@contoso.com</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>"""u8.ToArray(),
            """<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006"><Request><EMailAddress>user12@contoso.com</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006</AcceptableResponseSchema></Request></Autodiscover>"""u8.ToArray());
    }

    private static void Put(string root, string target, params byte[][] inputs)
    {
        string dir = Path.Combine(root, target);
        Directory.CreateDirectory(dir);
        for (int i = 0; i < inputs.Length; i++)
        {
            File.WriteAllBytes(Path.Combine(dir, $"seed{i}"), inputs[i]);
        }
    }
}
