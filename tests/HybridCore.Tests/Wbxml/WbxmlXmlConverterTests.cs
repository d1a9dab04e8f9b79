using HybridCore.Wbxml;

namespace HybridCore.Tests.Wbxml;

public sealed class WbxmlXmlConverterTests
{
    [Fact]
    public void FromXml_NamespacesWithTrailingColon_AreAccepted()
    {
        // [MS-ASCMD] examples write namespaces as "FolderHierarchy:".
        byte[] wbxml = WbxmlXmlConverter.FromXml("<FolderSync xmlns=\"FolderHierarchy:\"><SyncKey>0</SyncKey></FolderSync>");
        Assert.Equal("03016A00" + "000756" + "52" + "033000" + "01" + "01", Convert.ToHexString(wbxml));
    }

    [Fact]
    public void ToXml_DeclaresEveryUsedPageOnTheRoot_InOrderOfAppearance()
    {
        byte[] wbxml = WbxmlXmlConverter.FromXml(
            "<Sync xmlns=\"AirSync\" xmlns:e=\"Email\" xmlns:b=\"AirSyncBase\"><e:Subject>x</e:Subject><b:Body/><Status>1</Status></Sync>");
        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Sync xmlns=\"AirSync\" xmlns:email=\"Email\" xmlns:airsyncbase=\"AirSyncBase\">" +
            "<email:Subject>x</email:Subject><airsyncbase:Body /><Status>1</Status></Sync>",
            WbxmlXmlConverter.ToXml(wbxml, indent: false));
    }

    [Fact]
    public void Opaque_IsBase64Cdata_AndComesBack()
    {
        byte[] wbxml = WbxmlXmlConverter.FromXml("<Sync xmlns=\"AirSync\"><Status><![CDATA[AQID]]></Status></Sync>");
        Assert.Equal("03016A00" + "45" + "4E" + "C303010203" + "01" + "01", Convert.ToHexString(wbxml));
        Assert.Contains("<Status><![CDATA[AQID]]></Status>", WbxmlXmlConverter.ToXml(wbxml, indent: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Whitespace_BetweenElementsIsDropped_InsideTextElementsKept()
    {
        byte[] wbxml = WbxmlXmlConverter.FromXml("<Sync xmlns=\"AirSync\">\n  <Status>  </Status>\n  <SyncKey> a </SyncKey>\n</Sync>");
        Assert.Equal(
            ["+AirSync:Sync@0", "+AirSync:Status@1", "'  '@2", "-AirSync:Status@1", "+AirSync:SyncKey@1", "' a '@2", "-AirSync:SyncKey@1", "-AirSync:Sync@0"],
            Tokens.Read(wbxml));
    }

    [Fact]
    public void UnknownTags_PassedThrough_RoundTripAsNumbers()
    {
        byte[] wbxml = Hex.Parse(Hex.Header + "00 FE 7F 00 00 7E 03 41 00 01 01");
        var options = new WbxmlReaderOptions { AllowUnknownTags = true };
        string xml = WbxmlXmlConverter.ToXml(wbxml, indent: false, options);
        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Tag0x3F xmlns=\"WbxmlPage254\" xmlns:airsync=\"AirSync\"><airsync:Tag0x3E>A</airsync:Tag0x3E></Tag0x3F>",
            xml);
        Assert.Equal(wbxml, WbxmlXmlConverter.FromXml(xml));
    }

    [Theory]
    [InlineData("<Sync xmlns=\"AirSync\"><Status>1</Sync>", WbxmlError.InvalidXml)]
    [InlineData("<!DOCTYPE Sync [<!ENTITY e \"x\">]><Sync xmlns=\"AirSync\">&e;</Sync>", WbxmlError.InvalidXml)]
    [InlineData("<Sync xmlns=\"AirSync\" id=\"1\"/>", WbxmlError.AttributesNotSupported)]
    [InlineData("<Sync/>", WbxmlError.UnknownNamespace)]
    [InlineData("<Sync xmlns=\"urn:other\"/>", WbxmlError.UnknownNamespace)]
    [InlineData("<Nope xmlns=\"AirSync\"/>", WbxmlError.UnknownElementName)]
    [InlineData("<Sync xmlns=\"AirSync\"><![CDATA[not base64!]]></Sync>", WbxmlError.InvalidXml)]
    public void FromXml_Invalid_ThrowsWbxmlException(string xml, WbxmlError error)
    {
        WbxmlException e = Assert.Throws<WbxmlException>(() => WbxmlXmlConverter.FromXml(xml));
        Assert.Equal(error, e.Error);
    }

    [Fact]
    public void ToXml_ControlCharacter_ThrowsNotRepresentable()
    {
        WbxmlException e = Assert.Throws<WbxmlException>(() => WbxmlXmlConverter.ToXml(Hex.Parse(Hex.Header + "45 03 61 01 00 01")));
        Assert.Equal(WbxmlError.NotRepresentableInXml, e.Error);
        Assert.Equal(5, e.Offset);
    }

    [Fact]
    public void ToXml_InvalidWbxml_ThrowsTheReadersError()
    {
        WbxmlException e = Assert.Throws<WbxmlException>(() => WbxmlXmlConverter.ToXml(Hex.Parse(Hex.Header + "45 85 01")));
        Assert.Equal(WbxmlError.AttributesNotSupported, e.Error);
    }

    [Fact]
    public void SampleSyncResponse_RoundTripsThroughXml()
    {
        byte[] wbxml = WbxmlSampleDocuments.CreateSyncResponse(16 * 1024);
        string xml = WbxmlXmlConverter.ToXml(wbxml);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Sync xmlns=\"AirSync\" xmlns:email=\"Email\" xmlns:airsyncbase=\"AirSyncBase\">", xml, StringComparison.Ordinal);
        Assert.Equal(wbxml, WbxmlXmlConverter.FromXml(xml));
    }
}
