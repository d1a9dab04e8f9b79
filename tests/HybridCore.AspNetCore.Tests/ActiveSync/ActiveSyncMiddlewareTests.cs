using System.Net;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore.Tests.Infrastructure;
using HybridCore.Wbxml;

namespace HybridCore.AspNetCore.Tests.ActiveSync;

/// <summary>The ActiveSync middleware against a real Kestrel server, driven by HttpClient.</summary>
public sealed class ActiveSyncMiddlewareTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string PlainFolderSync = "/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone";

    private static HttpRequestMessage Eas(HttpMethod method, string pathAndQuery, string? user, string? version = "14.1", string password = TestLab.Password)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (user is not null)
        {
            request.Headers.Authorization = KestrelHost.Basic(user, password);
        }

        if (version is not null)
        {
            request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, version);
        }

        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/vnd.ms-sync.wbxml");
        }

        return request;
    }

    private static string Base64Query(EasCommand command, EasProtocolVersion version, string user = "user12") =>
        "/Microsoft-Server-ActiveSync?" + Uri.EscapeDataString(EasRequestWriter.WriteBase64(new EasRequest
        {
            Command = command,
            DeviceId = "ABCDEF0123456789",
            DeviceType = "iPhone",
            ProtocolVersion = version,
            User = user,
            Locale = 0x0409,
        }));

    [Fact]
    public async Task Post_Anonymous_Gets401ChallengeAndNothingAboutTheUser()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, PlainFolderSync, user: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic" && h.Parameter!.Contains("realm=", StringComparison.Ordinal));
        Assert.False(response.Headers.Contains(EasHeaders.XMSLocation));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_WrongPassword_Gets401()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, PlainFolderSync, TestLab.User12, password: "wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains(EasHeaders.XMSLocation));
    }

    [Fact]
    public async Task Post_AnonymousWithMalformedQuery_Gets401NotTheParserError()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, "/Microsoft-Server-ActiveSync?Cmd=Bogus", user: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(TestLab.User12)]
    [InlineData("user12@batre.mail.onmicrosoft.com")] // a secondary SMTP proxy
    [InlineData(@"CONTOSO\user12")]
    public async Task PlainPost_MigratedUser_Gets451WithAbsoluteHttpsLocation(string logon)
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, PlainFolderSync, logon));

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Equal("Redirect", response.ReasonPhrase); // [MS-ASHTTP] 2.2.2.1.1, not RFC 7725's phrase
        Assert.Equal(TestLab.Cloud, Assert.Single(response.Headers.GetValues(EasHeaders.XMSLocation)));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(EasCommand.Sync)]
    [InlineData(EasCommand.FolderSync)]
    [InlineData(EasCommand.Ping)]
    public async Task Base64Post_MigratedUser_Gets451(EasCommand command)
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(
            Eas(HttpMethod.Post, Base64Query(command, EasProtocolVersion.V14_1), TestLab.User12, version: null));

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Equal(TestLab.Cloud, response.Headers.GetValues(EasHeaders.XMSLocation).Single());
    }

    [Fact]
    public async Task Options_MigratedUser_Gets451WhateverTheVersion()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Options, "/Microsoft-Server-ActiveSync", TestLab.User12, version: null));

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Equal(TestLab.Cloud, response.Headers.GetValues(EasHeaders.XMSLocation).Single());
    }

    [Fact]
    public async Task Post_MigratedUserOnProtocol121_Gets403WithoutBody()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, PlainFolderSync, TestLab.User12, version: "12.1"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains(EasHeaders.XMSLocation));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(TestLab.Mig8)]   // routing domain no relationship covers (the article's failing IIS line)
    [InlineData(TestLab.User30)] // relationship without TargetOWAURL
    public async Task Post_NoRedirectPossible_Gets200WithStatus123InTheCommandBody(string logon)
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, PlainFolderSync, logon));

        // As Exchange (the Mig8 IIS line of the on-boarding article: sc-status 200, S123_Error:UserHasNoMailbox at V141).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(EasHeaders.XMSLocation));
        Assert.Equal("application/vnd.ms-sync.wbxml", response.Content.Headers.ContentType?.MediaType);
        string xml = WbxmlXmlConverter.ToXml(await response.Content.ReadAsByteArrayAsync(), indent: false);
        Assert.Contains("<FolderSync xmlns=\"FolderHierarchy\"><Status>123</Status></FolderSync>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_NoRedirectPossible_Gets403WithoutBody()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Options, "/Microsoft-Server-ActiveSync", TestLab.Mig8, version: null));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_LocalMailbox_GoesToTheNextHandler()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, PlainFolderSync, TestLab.Admin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(KestrelHost.LocalMarker + TestLab.Admin, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_DownLevelOnlyUser_IsRedirected()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, PlainFolderSync, TestLab.Kiosk3));

        Assert.Equal(451, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("Cmd=FolderSync&User=user12&DeviceType=iPhone")]                     // no DeviceId
    [InlineData("Cmd=Bogus&User=user12&DeviceId=ABC&DeviceType=iPhone")]             // unknown command
    [InlineData("Cmd=FolderSync&User=user12&DeviceId=ABC&DeviceId=DEF&DeviceType=x")] // duplicate
    [InlineData("Cmd=FolderSync&User=us%00er&DeviceId=ABC&DeviceType=iPhone")]         // control character
    [InlineData("jAAJBAp2MTQwRGV2aWNl")]                                               // truncated base64
    [InlineData("")]                                                                   // empty
    public async Task Post_MalformedRequestLine_GetsTheParsersStatus(string query)
    {
        Span<byte> scratch = new byte[EasRequestLine.MaxDecodedBytes];
        Assert.False(EasRequestLine.TryParse(query, new EasRequestHeaders("14.1"), scratch, out _, out EasRequestLineFailure expected));

        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, "/Microsoft-Server-ActiveSync?" + query, TestLab.User12));

        Assert.Equal(expected.HttpStatusCode, (int)response.StatusCode);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.False(response.Headers.Contains(EasHeaders.XMSLocation));
    }

    [Fact]
    public async Task Post_InvalidProtocolHeader_Gets400()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, PlainFolderSync, TestLab.User12, version: "99.9"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_PathIsMatchedCaseInsensitively()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, PlainFolderSync.Replace("Microsoft-Server-ActiveSync", "microsoft-server-activesync", StringComparison.Ordinal), TestLab.User12));

        Assert.Equal(451, (int)response.StatusCode);
    }

    [Fact]
    public async Task OtherPath_IsNotTouched()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Eas(HttpMethod.Post, "/owa/?Cmd=FolderSync", TestLab.User12));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(KestrelHost.LocalMarker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic dXNlcjEy")] // "user12" without a colon
    [InlineData("Basic ")]
    public async Task Post_MalformedBasicCredentials_Gets401(string authorization)
    {
        using HttpRequestMessage request = Eas(HttpMethod.Post, PlainFolderSync, user: null);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using HttpResponseMessage response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
