using System.Buffers;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Wbxml;

public sealed class WbxmlReaderTests
{
    // <Sync><Status>1</Status><MoreAvailable/></Sync>, MoreAvailable (0x14) empty: 45 4E 03 31 00 01 14 01
    private static readonly byte[] Small = Hex.Parse(Hex.Header + "45 4E 03 31 00 01 14 01");

    [Fact]
    public void Read_SmallDocument_YieldsTokens()
    {
        Assert.Equal(
            ["+AirSync:Sync@0", "+AirSync:Status@1", "'1'@2", "-AirSync:Status@1", "+AirSync:MoreAvailable/@1", "-AirSync:Sync@0"],
            Tokens.Read(Small));
    }

    [Fact]
    public void Read_EmptyRoot_IsACompleteDocument()
    {
        Assert.Equal(["+AirSync:Sync/@0"], Tokens.Read(Hex.Parse(Hex.Header + "05")));
    }

    [Fact]
    public void Read_SwitchPageBetweenTokens_AppliesToFollowingTags()
    {
        // FolderSync (page 7, 0x16) containing Email:Subject (page 2, 0x14) then FolderHierarchy:Status (0x0C).
        byte[] data = Hex.Parse(Hex.Header + "00 07 56 00 02 54 03 41 00 01 00 07 4C 03 31 00 01 01");
        Assert.Equal(
            ["+FolderHierarchy:FolderSync@0", "+Email:Subject@1", "'A'@2", "-Email:Subject@1",
             "+FolderHierarchy:Status@1", "'1'@2", "-FolderHierarchy:Status@1", "-FolderHierarchy:FolderSync@0"],
            Tokens.Read(data));
    }

    [Fact]
    public void Read_Opaque_YieldsBytes()
    {
        byte[] data = Hex.Parse(Hex.Header + "45 C3 03 01 02 03 C3 00 01");
        Assert.Equal(["+AirSync:Sync@0", "#010203@1", "#@1", "-AirSync:Sync@0"], Tokens.Read(data));
    }

    [Fact]
    public void Read_OpaqueWithMultiByteLength_YieldsAllBytes()
    {
        byte[] payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        byte[] data = [.. Hex.Parse(Hex.Header + "45 C3 82 2C"), .. payload, 0x01];
        var reader = new WbxmlReader(data);
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Equal(WbxmlTokenType.Opaque, reader.TokenType);
        Assert.Equal(payload, reader.ValueSpan.ToArray());
    }

    [Theory]
    [InlineData("", WbxmlError.UnexpectedEndOfData, 0)]
    [InlineData("03 01 6A", WbxmlError.UnexpectedEndOfData, 0)]
    [InlineData("04 01 6A 00 05", WbxmlError.UnsupportedVersion, 0)]
    [InlineData("00 01 6A 00 05", WbxmlError.UnsupportedVersion, 0)]
    [InlineData("03 01 04 00 05", WbxmlError.UnsupportedCharset, 2)]
    [InlineData("03 00 00 6A 00 05", WbxmlError.StringTableNotSupported, 1)]
    [InlineData("03 01 6A 03 61 62 00 05", WbxmlError.StringTableNotSupported, 3)]
    [InlineData("03 81 81 81 81 81 01 6A 00 05", WbxmlError.InvalidMultiByteInteger, 1)]
    [InlineData("03 01 90 80 80 80 00 00 05", WbxmlError.InvalidMultiByteInteger, 2)]
    [InlineData("03 01 6A 00", WbxmlError.MissingRootElement, 4)]
    [InlineData("03 01 6A 00 45", WbxmlError.UnexpectedEndOfData, 5)]
    [InlineData("03 01 6A 00 45 03 61", WbxmlError.UnexpectedEndOfData, 5)]
    [InlineData("03 01 6A 00 45 C3 05 01", WbxmlError.UnexpectedEndOfData, 5)]
    [InlineData("03 01 6A 00 45 C3 FF FF FF FF 7F 01", WbxmlError.InvalidMultiByteInteger, 6)]
    [InlineData("03 01 6A 00 45 C3 8F FF FF FF 7F 01", WbxmlError.OpaqueTooLong, 5)]
    [InlineData("03 01 6A 00 45 C3 80 80 80 80 80 01 01", WbxmlError.InvalidMultiByteInteger, 6)]
    [InlineData("03 01 6A 00 45 00", WbxmlError.UnexpectedEndOfData, 5)]
    [InlineData("03 01 6A 00 05 05", WbxmlError.TrailingData, 5)]
    [InlineData("03 01 6A 00 45 01 01", WbxmlError.TrailingData, 6)]
    [InlineData("03 01 6A 00 01", WbxmlError.UnbalancedEndElement, 4)]
    [InlineData("03 01 6A 00 03 61 00", WbxmlError.ContentOutsideElement, 4)]
    [InlineData("03 01 6A 00 C3 00", WbxmlError.ContentOutsideElement, 4)]
    [InlineData("03 01 6A 00 85 01", WbxmlError.AttributesNotSupported, 4)]
    [InlineData("03 01 6A 00 C5 01 01", WbxmlError.AttributesNotSupported, 4)]
    [InlineData("03 01 6A 00 45 02 41 01", WbxmlError.EntityNotSupported, 5)]
    [InlineData("03 01 6A 00 04 00 01", WbxmlError.LiteralTagNotSupported, 4)]
    [InlineData("03 01 6A 00 45 44 00 01", WbxmlError.LiteralTagNotSupported, 5)]
    [InlineData("03 01 6A 00 84 00 01", WbxmlError.LiteralTagNotSupported, 4)]
    [InlineData("03 01 6A 00 C4 00 01", WbxmlError.LiteralTagNotSupported, 4)]
    [InlineData("03 01 6A 00 45 43 05 01 01", WbxmlError.ProcessingInstructionNotSupported, 5)]
    [InlineData("03 01 6A 00 45 40 61 00 01", WbxmlError.ExtensionNotSupported, 5)]
    [InlineData("03 01 6A 00 45 81 00 01", WbxmlError.ExtensionNotSupported, 5)]
    [InlineData("03 01 6A 00 45 C2 01", WbxmlError.ExtensionNotSupported, 5)]
    [InlineData("03 01 6A 00 45 83 00 01", WbxmlError.StringTableReferenceOutOfRange, 5)]
    [InlineData("03 01 6A 00 45 83 7F 01", WbxmlError.StringTableReferenceOutOfRange, 5)]
    [InlineData("03 01 6A 00 00 1A 45 01", WbxmlError.UnknownCodePage, 5)]
    [InlineData("03 01 6A 00 00 FF 45 01", WbxmlError.UnknownCodePage, 5)]
    [InlineData("03 01 6A 00 00 03 45 01", WbxmlError.UnknownTag, 6)]
    [InlineData("03 01 6A 00 7F 01", WbxmlError.UnknownTag, 4)]
    [InlineData("03 01 6A 00 45 03 C3 28 00 01", WbxmlError.InvalidUtf8, 5)]
    [InlineData("03 01 6A 00 45 03 ED A0 80 00 01", WbxmlError.InvalidUtf8, 5)]
    [InlineData("03 01 6A 00 45 03 F4 90 80 80 00 01", WbxmlError.InvalidUtf8, 5)]
    [InlineData("03 01 6A 00 45 03 C0 AF 00 01", WbxmlError.InvalidUtf8, 5)]
    public void Read_InvalidDocument_ThrowsWithReasonAndOffset(string hex, WbxmlError error, long offset)
    {
        WbxmlException e = Hex.Throws(Hex.Parse(hex));
        Assert.Equal(error, e.Error);
        Assert.Equal(offset, e.Offset);
        Assert.Contains(error.ToString(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownTagsAllowed_PassesThemThroughAsNumbers()
    {
        byte[] data = Hex.Parse(Hex.Header + "00 FE 7F 03 41 00 01");
        var options = new WbxmlReaderOptions { AllowUnknownTags = true };
        var reader = new WbxmlReader(data, options);
        Assert.True(reader.Read());
        Assert.Equal((WbxmlTag)0xFE3F, reader.Tag);
        Assert.Null(reader.TagName);
        Assert.Equal(["+254:FE3F@0", "'A'@1", "-254:FE3F@0"], Tokens.Read(data, options));
    }

    [Fact]
    public void Read_DepthAtLimit_Succeeds_AndOneMoreFails()
    {
        var options = new WbxmlReaderOptions { MaxDepth = 3 };
        // Sync > Collections > Collection (3 levels) is fine ...
        Assert.Equal(6, Tokens.Read(Hex.Parse(Hex.Header + "45 5C 4F 01 01 01"), options).Count);
        Assert.Equal(5, Tokens.Read(Hex.Parse(Hex.Header + "45 5C 0F 01 01"), options).Count);

        // ... a fourth, even empty, is not.
        WbxmlException e = Hex.Throws(Hex.Parse(Hex.Header + "45 5C 4F 0E 01 01 01"), options);
        Assert.Equal(WbxmlError.MaxDepthExceeded, e.Error);
        Assert.Equal(7, e.Offset);
    }

    [Fact]
    public void Read_StringAtLengthLimit_Succeeds_AndOneMoreFails()
    {
        var options = new WbxmlReaderOptions { MaxStringLength = 3 };
        Assert.Equal("'abc'@1", Tokens.Read(Hex.Parse(Hex.Header + "45 03 616263 00 01"), options)[1]);
        WbxmlException e = Hex.Throws(Hex.Parse(Hex.Header + "45 03 61626364 00 01"), options);
        Assert.Equal(WbxmlError.StringTooLong, e.Error);
        Assert.Equal(5, e.Offset);
    }

    [Fact]
    public void Read_UnterminatedStringPastLimit_FailsEvenOnNonFinalBuffer()
    {
        var options = new WbxmlReaderOptions { MaxStringLength = 3 };
        byte[] data = Hex.Parse(Hex.Header + "45 03 61626364");
        WbxmlException e = Assert.Throws<WbxmlException>(() =>
        {
            var reader = new WbxmlReader(data, isFinalBlock: false, new WbxmlReaderState(options));
            while (reader.Read())
            {
            }
        });
        Assert.Equal(WbxmlError.StringTooLong, e.Error);
    }

    [Fact]
    public void Read_OpaqueAtLengthLimit_Succeeds_AndOneMoreFails()
    {
        var options = new WbxmlReaderOptions { MaxOpaqueLength = 2 };
        Assert.Equal("#0102@1", Tokens.Read(Hex.Parse(Hex.Header + "45 C3 02 0102 01"), options)[1]);
        WbxmlException e = Hex.Throws(Hex.Parse(Hex.Header + "45 C3 03 010203 01"), options);
        Assert.Equal(WbxmlError.OpaqueTooLong, e.Error);
        Assert.Equal(5, e.Offset);
    }

    [Fact]
    public void Read_DocumentOverSizeLimit_Fails()
    {
        var options = new WbxmlReaderOptions { MaxDocumentSize = 8 };
        Assert.Equal(6, Tokens.Read(Small, new WbxmlReaderOptions { MaxDocumentSize = Small.Length }).Count);
        WbxmlException e = Hex.Throws(Small, options);
        Assert.Equal(WbxmlError.DocumentTooLarge, e.Error);
        Assert.Equal(8, e.Offset);
    }

    [Fact]
    public void Read_DeepNesting_StopsAtTheDepthLimit()
    {
        // 100 000 nested Sync elements: the reader stops at MaxDepth without recursion or a large stack.
        byte[] data = new byte[4 + 100_000 + 100_000];
        Hex.Parse(Hex.Header).CopyTo(data, 0);
        data.AsSpan(4, 100_000).Fill(0x45);
        data.AsSpan(4 + 100_000).Fill(0x01);
        WbxmlException e = Hex.Throws(data);
        Assert.Equal(WbxmlError.MaxDepthExceeded, e.Error);
        Assert.Equal(4 + WbxmlReaderOptions.DefaultMaxDepth, e.Offset);
    }

    [Fact]
    public void Read_DepthBeyondInlineStack_KeepsEndTags()
    {
        const int depth = 200;
        var options = new WbxmlReaderOptions { MaxDepth = depth + 1 };
        byte[] data = new byte[4 + depth + 1 + depth];
        Hex.Parse(Hex.Header).CopyTo(data, 0);
        for (int i = 0; i < depth; i++)
        {
            // Alternate Sync and Collections so that the end tags prove the stack.
            data[4 + i] = (byte)(i % 2 == 0 ? 0x45 : 0x5C);
        }

        data[4 + depth] = 0x05;
        data.AsSpan(4 + depth + 1).Fill(0x01);
        List<string> tokens = Tokens.Read(data, options);
        Assert.Equal("+AirSync:Sync/@200", tokens[depth]);
        Assert.Equal("-AirSync:Collections@199", tokens[depth + 1]);
        Assert.Equal("-AirSync:Sync@0", tokens[^1]);
    }

    [Fact]
    public void GetString_OnNonString_Throws()
    {
        var reader = new WbxmlReader(Small);
        Assert.True(reader.Read());
        try
        {
            reader.GetString();
            Assert.Fail("expected InvalidOperationException");
        }
        catch (InvalidOperationException)
        {
        }
    }

    [Fact]
    public void TryCopyValue_CopiesOrReportsShortDestination()
    {
        var reader = new WbxmlReader(Small);
        reader.Read();
        reader.Read();
        reader.Read();
        Span<byte> destination = stackalloc byte[1];
        Assert.True(reader.TryCopyValue(destination, out int written));
        Assert.Equal(1, written);
        Assert.Equal((byte)'1', destination[0]);
        Assert.False(reader.TryCopyValue([], out written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Position_IsTheSequencePositionOfTheNextByte()
    {
        ReadOnlySequence<byte> sequence = Segments.SplitAt(Small, 3, 6);
        var reader = new WbxmlReader(sequence);
        Assert.True(reader.Read());
        Assert.Equal(5, reader.BytesConsumed);
        Assert.Equal(5, sequence.Slice(0, reader.Position).Length);

        var spanReader = new WbxmlReader(Small);
        Assert.True(spanReader.Read());
        Assert.Equal(default, spanReader.Position);
    }

    [Fact]
    public void Read_Sequence_MatchesSpan()
    {
        byte[] doc = WbxmlSampleDocuments.CreateSyncResponse(4096);
        List<string> expected = Tokens.Read(doc);
        Assert.Equal(expected, Tokens.Read(new ReadOnlySequence<byte>(doc)));
        Assert.Equal(expected, Tokens.Read(Segments.SplitAt(doc, 1, 2, 3, 700, 701, 2000)));
    }
}
