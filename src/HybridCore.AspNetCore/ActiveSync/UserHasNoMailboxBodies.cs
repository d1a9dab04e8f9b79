using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using HybridCore.ActiveSync;
using HybridCore.Wbxml;

namespace HybridCore.AspNetCore.ActiveSync;

/// <summary>
/// The WBXML bodies that carry Status 123 (UserHasNoMailbox) for each command: <c>&lt;Command&gt;&lt;Status&gt;123&lt;/Status&gt;&lt;/Command&gt;</c>
/// in the command's own code page. [MS-ASCMD] 2.2.2: common status codes travel in the Status element of the
/// command response (protocol 14.0 and later). Built once from the generated tag tables; commands whose
/// response has no top-level Status element (e.g. GetAttachment, which answers with raw bytes) have no body.
/// </summary>
internal static class UserHasNoMailboxBodies
{
    private static readonly FrozenDictionary<EasCommand, byte[]> Bodies = Build();

    public static bool TryGet(EasCommand command, out byte[] body)
    {
        if (Bodies.TryGetValue(command, out byte[]? b))
        {
            body = b;
            return true;
        }

        body = [];
        return false;
    }

    private static FrozenDictionary<EasCommand, byte[]> Build()
    {
        var result = new Dictionary<EasCommand, byte[]>();
        string status = ((int)EasStatus.UserHasNoMailbox).ToString(CultureInfo.InvariantCulture);
        foreach (int value in EasCommands.Values)
        {
            var command = (EasCommand)value;
            string? name = EasCommands.GetName(command);
            if (name is null)
            {
                continue;
            }

            for (int page = 0; page < WbxmlCodePages.Count; page++)
            {
                var codePage = (WbxmlCodePage)page;
                if (WbxmlTags.TryParse(codePage, name, out WbxmlTag root) && WbxmlTags.TryParse(codePage, "Status", out WbxmlTag statusTag))
                {
                    var output = new ArrayBufferWriter<byte>(16);
                    var writer = new WbxmlWriter(output);
                    writer.WriteStartElement(root);
                    writer.WriteElementString(statusTag, status.AsSpan());
                    writer.WriteEndElement();
                    writer.Flush();
                    result[command] = output.WrittenSpan.ToArray();
                    break;
                }
            }
        }

        return result.ToFrozenDictionary();
    }
}
