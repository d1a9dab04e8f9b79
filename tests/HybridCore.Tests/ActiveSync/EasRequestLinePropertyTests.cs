using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HybridCore.ActiveSync;
using static HybridCore.Tests.ActiveSync.QueryTestHelpers;

namespace HybridCore.Tests.ActiveSync;

public class EasRequestLinePropertyTests
{
    [Property(MaxTest = 500)]
    public Property PlainForm_ParseOfWrite_IsTheSameRequest()
    {
        return Prop.ForAll(EasRequestGenerators.PlainRequests, request =>
        {
            (string version, string policyKey, string multiPart) = EasRequestGenerators.PlainHeaders(request);
            string query = EasRequestWriter.WritePlain(request);
            Assert.Equal(request, Parse(query, version, policyKey, multiPart));

            Span<char> chars = stackalloc char[EasRequestWriter.MaxPlainQueryLength];
            Assert.True(EasRequestWriter.TryWritePlain(request, chars, out int n));
            Assert.Equal(query, chars[..n].ToString());
            Span<byte> bytes = stackalloc byte[EasRequestWriter.MaxPlainQueryLength];
            Assert.True(EasRequestWriter.TryWritePlain(request, bytes, out n));
            Assert.Equal(query, Encoding.ASCII.GetString(bytes[..n]));
        });
    }

    [Property(MaxTest = 500)]
    public Property Base64Form_ParseOfWrite_IsTheSameRequest()
    {
        return Prop.ForAll(EasRequestGenerators.Base64Requests, request =>
        {
            string query = EasRequestWriter.WriteBase64(request);
            Assert.Equal(request, Parse(query));

            // What real clients also send: no padding, and percent-encoded '+', '/', '='.
            Assert.Equal(request, Parse(query.TrimEnd('=')));
            string escaped = query.Replace("+", "%2B", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal).Replace("=", "%3D", StringComparison.Ordinal);
            Assert.Equal(request, Parse(escaped));

            Span<byte> utf8 = stackalloc byte[EasRequestWriter.MaxBase64QueryLength];
            Assert.True(EasRequestWriter.TryWriteBase64(request, utf8, out int n));
            Assert.Equal(query, Encoding.ASCII.GetString(utf8[..n]));
        });
    }

    // Every cut of a valid base64 query is either reported as a truncation, or (when the cut falls exactly
    // between two command parameters) is a valid shorter request whose own encoding is the cut bytes.
    [Property(MaxTest = 150)]
    public Property Base64Form_EveryTruncation_IsReportedAsTruncated()
    {
        return Prop.ForAll(EasRequestGenerators.Base64Requests, request =>
        {
            string query = EasRequestWriter.WriteBase64(request).TrimEnd('=');
            byte[] full = Convert.FromBase64String(EasRequestWriter.WriteBase64(request));
            Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
            Span<byte> rewritten = stackalloc byte[EasRequestLine.MaxSequenceBytes];
            for (int cut = 1; cut < query.Length; cut++)
            {
                string prefix = query[..cut];
                if (EasRequestLine.TryParse(prefix, buffer, out EasRequestLine line, out EasRequestLineFailure error))
                {
                    Assert.True(EasRequestWriter.TryWriteBase64Sequence(line.ToRequest(), rewritten, out int n));
                    Assert.Equal(full.AsSpan(0, cut * 6 / 8).ToArray(), rewritten[..n].ToArray());
                }
                else
                {
                    Assert.True(EasRequestLineErrors.IsTruncation(error.Reason), $"cut {cut} of {query}: {error.Reason}");
                }
            }
        });
    }

    [Property(MaxTest = 2000)]
    public Property RandomText_NeverThrowsAnythingButEasRequestLineException()
    {
        Gen<string> noise = Gen.Elements("Cmd=", "Sync", "&", "=", "%", "%2", "%C3", "%A9", "+", "/", "User=", "DeviceId=", "DeviceType=", "abc", "jAAJ", "BAp2", "\uD800", "é", "?", "SaveInSent=", "T", "A", "==")
            .ArrayOf().Select(string.Concat);
        return Prop.ForAll(Arb.From(Gen.OneOf(noise, ArbMap.Default.GeneratorFor<string>())), text =>
        {
            ParseNeverThrowsOtherExceptions((text ?? string.Empty).AsSpan(), Encoding.UTF8.GetBytes(text ?? string.Empty));
        });
    }

    [Property(MaxTest = 3000)]
    public Property RandomSequences_NeverThrowAnythingButEasRequestLineException()
    {
        Gen<byte[]> sequences =
            from head in Gen.Elements<byte[]>([141, 0], [140, 4], [121, 19], [161, 3], [0, 0], [141, 255])
            from rest in Gen.ArrayOf(Gen.Frequency((4, Gen.Choose(0, 20)), (3, Gen.Choose(32, 126)), (1, Gen.Choose(0, 255))).Select(i => (byte)i))
            select head.Concat(rest).ToArray();
        return Prop.ForAll(Arb.From(sequences), sequence =>
        {
            string text = Convert.ToBase64String(sequence);
            ParseNeverThrowsOtherExceptions(text, Encoding.ASCII.GetBytes(text));
        });
    }

    private static void ParseNeverThrowsOtherExceptions(ReadOnlySpan<char> text, ReadOnlySpan<byte> utf8)
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        bool ok = EasRequestLine.TryParse(text, buffer, out EasRequestLine line, out EasRequestLineFailure error);
        if (ok)
        {
            _ = line.ToRequest();
        }
        else
        {
            Assert.NotEqual(EasRequestLineError.None, error.Reason);
            Assert.InRange(error.Offset, 0, text.Length);
        }

        bool okUtf8 = EasRequestLine.TryParse(utf8, buffer, out _, out EasRequestLineFailure error8);
        if (!okUtf8)
        {
            Assert.InRange(error8.Offset, 0, utf8.Length);
        }

        try
        {
            _ = EasRequestLine.Parse(text, buffer).ToRequest();
            Assert.True(ok);
        }
        catch (EasRequestLineException ex)
        {
            Assert.False(ok);
            Assert.Equal(error.Reason, ex.Reason);
        }
    }
}
