using HybridCore.ActiveSync;
using HybridCore.AspNetCore.ActiveSync;
using HybridCore.Wbxml;

namespace HybridCore.AspNetCore.Tests.ActiveSync;

public sealed class UserHasNoMailboxBodyTests
{
    [Theory]
    [InlineData(EasCommand.Sync, "<Sync xmlns=\"AirSync\"><Status>123</Status></Sync>")]
    [InlineData(EasCommand.FolderSync, "<FolderSync xmlns=\"FolderHierarchy\"><Status>123</Status></FolderSync>")]
    [InlineData(EasCommand.Ping, "<Ping xmlns=\"Ping\"><Status>123</Status></Ping>")]
    [InlineData(EasCommand.Provision, "<Provision xmlns=\"Provision\"><Status>123</Status></Provision>")]
    [InlineData(EasCommand.SendMail, "<SendMail xmlns=\"ComposeMail\"><Status>123</Status></SendMail>")]
    public void TryGet_Command_IsItsRootWithStatus123(EasCommand command, string expected)
    {
        Assert.True(UserHasNoMailboxBodies.TryGet(command, out byte[] body));
        Assert.Contains(expected, WbxmlXmlConverter.ToXml(body, indent: false), StringComparison.Ordinal);
    }
}
