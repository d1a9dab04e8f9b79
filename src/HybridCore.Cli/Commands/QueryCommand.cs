using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridCore.ActiveSync;

namespace HybridCore.Cli.Commands;

/// <summary><c>hybridcore query decode|encode</c>: ActiveSync request lines in either form of [MS-ASHTTP] 2.2.1.1.1.</summary>
internal static class QueryCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("query", "Decode or encode an ActiveSync request line (plain Cmd=…&User=… or base64).");
        command.Subcommands.Add(CreateDecode(console));
        command.Subcommands.Add(CreateEncode(console));
        return command;
    }

    private static Command CreateDecode(CliConsole console)
    {
        var query = new Argument<string>("query")
        {
            Description = "The query, with or without '?' or the path before it (e.g. 'Cmd=Sync&User=u&DeviceId=D1&DeviceType=iPhone' or a base64 query).",
        };
        var versionHeader = new Option<string?>("--protocol", "-p", "--protocol-header")
        {
            Description = "The ActiveSync protocol version the device sent in the MS-ASProtocolVersion header with a plain query (e.g. 14.1).",
        };
        var policyKeyHeader = new Option<string?>("--policy-key-header") { Description = "The X-MS-PolicyKey header sent with a plain query." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };

        var command = new Command("decode", "Show every field of a request line, or what is wrong with it and at which offset.");
        command.Arguments.Add(query);
        command.Options.Add(versionHeader);
        command.Options.Add(policyKeyHeader);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            string text = parse.GetValue(query)!;
            int question = text.IndexOf('?', StringComparison.Ordinal);
            string q = question >= 0 ? text[(question + 1)..] : text;
            bool asJson = parse.GetValue(json);
            if (!TryDecode(q, parse.GetValue(versionHeader), parse.GetValue(policyKeyHeader), out Decoded? decoded, out EasRequestLineFailure error))
            {
                if (asJson)
                {
                    WriteJson(console.Out, w =>
                    {
                        w.WriteStartObject("error");
                        w.WriteString("reason", error.Reason.ToString());
                        w.WriteNumber("offset", error.Offset);
                        w.WriteString("message", EasRequestLineErrors.GetDescription(error.Reason));
                        w.WriteNumber("httpStatus", error.HttpStatusCode);
                        w.WriteEndObject();
                    });
                }
                else
                {
                    // The query is the caller's text: control characters are shown escaped, and the caret still
                    // points under the offending character.
                    int at = Math.Clamp(error.Offset, 0, q.Length);
                    string before = DisplayText.Escape(q[..at])!;
                    console.Error.WriteLine(before + DisplayText.Escape(q[at..]));
                    console.Error.WriteLine(new string(' ', before.Length) + "^");
                }

                throw new CliUserException($"{EasRequestLineErrors.GetDescription(error.Reason)} ({error.Reason} at offset {error.Offset}; a server answers HTTP {error.HttpStatusCode}).");
            }

            if (asJson)
            {
                WriteJson(console.Out, w => WriteRequest(w, decoded!));
            }
            else
            {
                WriteText(console.Out, decoded!);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal sealed record Decoded(EasQueryForm Form, EasRequest Request, string? RawDeviceIdHex);

    internal static bool TryDecode(string query, string? versionHeader, string? policyKeyHeader, out Decoded? decoded, out EasRequestLineFailure error)
    {
        Span<byte> scratch = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        var headers = new EasRequestHeaders(versionHeader ?? string.Empty, policyKeyHeader ?? string.Empty);
        if (!EasRequestLine.TryParse(query, headers, scratch, out EasRequestLine line, out error))
        {
            decoded = null;
            return false;
        }

        decoded = new Decoded(line.Form, line.ToRequest(), line.IsBinaryDeviceId ? Convert.ToHexString(line.RawDeviceId) : null);
        return true;
    }

    private static void WriteText(TextWriter o, Decoded d)
    {
        EasRequest r = d.Request;
        o.WriteLine($"Form            {d.Form}");
        o.WriteLine($"Command         {EasCommands.GetName(r.Command)}{(EasCommands.HasCode(r.Command) ? $" (code {(int)r.Command})" : string.Empty)}");
        o.WriteLine($"ProtocolVersion {(r.ProtocolVersion.IsKnown ? r.ProtocolVersion.ToString() : "(not given)")}");
        o.WriteLine($"User            {DisplayText.Escape(r.User) ?? "(none)"}");
        o.WriteLine($"DeviceId        {DisplayText.Escape(r.DeviceId)}{(d.RawDeviceIdHex is null ? string.Empty : " (sent as binary)")}");
        o.WriteLine($"DeviceType      {DisplayText.Escape(r.DeviceType)}");
        o.WriteLine($"PolicyKey       {(r.PolicyKey is { } pk ? pk.ToString(CultureInfo.InvariantCulture) : "(none)")}");
        o.WriteLine($"Locale          {(r.Locale is { } lcid ? $"0x{lcid:X4}" : "(none)")}");
        o.WriteLine($"Options         {r.Options}");
        Optional(o, "AttachmentName", r.AttachmentName);
        Optional(o, "CollectionId", r.CollectionId);
        Optional(o, "ItemId", r.ItemId);
        Optional(o, "LongId", r.LongId);
        Optional(o, "Occurrence", r.Occurrence);

        static void Optional(TextWriter o, string name, string? value)
        {
            if (value is not null)
            {
                o.WriteLine($"{name,-16}{DisplayText.Escape(value)}");
            }
        }
    }

    private static void WriteRequest(Utf8JsonWriter w, Decoded d)
    {
        EasRequest r = d.Request;
        w.WriteString("form", d.Form.ToString());
        w.WriteString("command", EasCommands.GetName(r.Command));
        if (EasCommands.HasCode(r.Command))
        {
            w.WriteNumber("commandCode", (int)r.Command);
        }

        w.WriteString("protocolVersion", r.ProtocolVersion.IsKnown ? r.ProtocolVersion.ToString() : null);
        w.WriteString("user", r.User);
        w.WriteString("deviceId", r.DeviceId);
        w.WriteBoolean("binaryDeviceId", d.RawDeviceIdHex is not null);
        w.WriteString("deviceType", r.DeviceType);
        if (r.PolicyKey is { } pk)
        {
            w.WriteNumber("policyKey", pk);
        }
        else
        {
            w.WriteNull("policyKey");
        }

        if (r.Locale is { } lcid)
        {
            w.WriteNumber("locale", lcid);
        }
        else
        {
            w.WriteNull("locale");
        }

        w.WriteString("options", r.Options.ToString());
        w.WriteString("attachmentName", r.AttachmentName);
        w.WriteString("collectionId", r.CollectionId);
        w.WriteString("itemId", r.ItemId);
        w.WriteString("longId", r.LongId);
        w.WriteString("occurrence", r.Occurrence);
    }

    private static Command CreateEncode(CliConsole console)
    {
        var cmd = new Option<string>("--cmd", "-c") { Description = "The command, e.g. Sync, FolderSync, Ping (case-insensitive).", Required = true };
        var user = new Option<string?>("--user", "-u") { Description = "The User parameter: the name the device signs in with (UPN, SMTP address or DOMAIN\\user)." };
        var deviceId = new Option<string>("--device-id") { Description = "The DeviceId parameter: 1 to 32 letters or digits.", Required = true };
        var deviceType = new Option<string>("--device-type") { Description = "The DeviceType parameter, e.g. iPhone, SmartPhone.", Required = true };
        var protocol = new Option<string>("--protocol", "-p") { Description = "The ActiveSync protocol version (2.5, 12.0, 12.1, 14.0, 14.1, 16.0, 16.1): a header in the plain form, a byte in the base64 form.", DefaultValueFactory = _ => "14.1" };
        var form = new Option<EasQueryForm>("--form") { Description = "The query form: plain (Cmd=…&User=…) or base64 ([MS-ASHTTP] 2.2.1.1.1.1).", DefaultValueFactory = _ => EasQueryForm.Plain };
        var policyKey = new Option<uint?>("--policy-key") { Description = "The policy key: the X-MS-PolicyKey header in the plain form, a field in the base64 form." };
        var locale = new Option<ushort?>("--locale") { Description = "The locale as a Windows LCID, e.g. 1033 (base64 form only)." };
        var collectionId = new Option<string?>("--collection-id") { Description = "The CollectionId parameter (e.g. for SmartForward, SmartReply)." };
        var itemId = new Option<string?>("--item-id") { Description = "The ItemId parameter (e.g. for SmartForward, SmartReply)." };
        var longId = new Option<string?>("--long-id") { Description = "The LongId parameter (an item found by Search)." };
        var occurrence = new Option<string?>("--occurrence") { Description = "The Occurrence parameter (one occurrence of a recurring meeting)." };
        var attachmentName = new Option<string?>("--attachment-name") { Description = "The AttachmentName parameter (GetAttachment)." };
        var saveInSent = new Option<bool>("--save-in-sent") { Description = "Set the SaveInSent option (SendMail, SmartForward, SmartReply)." };
        var acceptMultiPart = new Option<bool>("--accept-multipart") { Description = "Ask for a multipart response (the MS-ASAcceptMultiPart header, or the option bit in base64)." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };

        var command = new Command("encode", "Write a request line in the plain or base64 form, with the headers the plain form needs.");
        foreach (Option o in new Option[] { cmd, user, deviceId, deviceType, protocol, form, policyKey, locale, collectionId, itemId, longId, occurrence, attachmentName, saveInSent, acceptMultiPart, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            string commandName = parse.GetValue(cmd)!;
            if (!EasCommands.TryParseIgnoreCase(commandName, out EasCommand easCommand))
            {
                throw new CliUserException($"'{commandName}' is not an ActiveSync command.");
            }

            string versionText = parse.GetValue(protocol)!;
            if (!EasProtocolVersion.TryParse(versionText, out EasProtocolVersion version) || !version.IsKnown)
            {
                throw new CliUserException($"'{versionText}' is not an ActiveSync protocol version (2.5, 12.0, 12.1, 14.0, 14.1, 16.0, 16.1).");
            }

            EasRequestOptions options = (parse.GetValue(saveInSent) ? EasRequestOptions.SaveInSent : 0) | (parse.GetValue(acceptMultiPart) ? EasRequestOptions.AcceptMultiPart : 0);
            var request = new EasRequest
            {
                Command = easCommand,
                User = parse.GetValue(user),
                DeviceId = parse.GetValue(deviceId)!,
                DeviceType = parse.GetValue(deviceType)!,
                ProtocolVersion = version,
                PolicyKey = parse.GetValue(policyKey),
                Locale = parse.GetValue(locale),
                CollectionId = parse.GetValue(collectionId),
                ItemId = parse.GetValue(itemId),
                LongId = parse.GetValue(longId),
                Occurrence = parse.GetValue(occurrence),
                AttachmentName = parse.GetValue(attachmentName),
                Options = options,
            };

            EasQueryForm f = parse.GetValue(form);
            string query;
            try
            {
                query = f == EasQueryForm.Base64 ? EasRequestWriter.WriteBase64(request) : EasRequestWriter.WritePlain(request);
            }
            catch (EasRequestLineException e)
            {
                throw new CliUserException($"The request cannot be written in the {f} form: {EasRequestLineErrors.GetDescription(e.Reason)} ({e.Reason}).", e);
            }

            // The plain form carries version, policy key and multipart in headers ([MS-ASHTTP] 2.2.1.1.2).
            var headers = new List<KeyValuePair<string, string>>();
            if (f == EasQueryForm.Plain)
            {
                headers.Add(new(EasHeaders.MSASProtocolVersion, version.ToString()));
                if (request.PolicyKey is { } pk)
                {
                    headers.Add(new(EasHeaders.XMSPolicyKey, pk.ToString(CultureInfo.InvariantCulture)));
                }

                if ((options & EasRequestOptions.AcceptMultiPart) != 0)
                {
                    headers.Add(new(EasHeaders.MSASAcceptMultiPart, "T"));
                }
            }

            string url = "/Microsoft-Server-ActiveSync?" + (f == EasQueryForm.Base64 ? Uri.EscapeDataString(query) : query);
            if (parse.GetValue(json))
            {
                WriteJson(console.Out, w =>
                {
                    w.WriteString("form", f.ToString());
                    w.WriteString("query", query);
                    w.WriteString("url", url);
                    w.WriteStartObject("headers");
                    foreach ((string name, string value) in headers)
                    {
                        w.WriteString(name, value);
                    }

                    w.WriteEndObject();
                });
            }
            else
            {
                console.Out.WriteLine(url);
                foreach ((string name, string value) in headers)
                {
                    console.Out.WriteLine($"{name}: {value}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void WriteJson(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
