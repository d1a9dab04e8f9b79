using HybridCore.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore.Tests;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("", null, 32768)]
    [InlineData("/Microsoft-Server-ActiveSync/", null, 32768)]
    [InlineData("/x", "/X", 32768)]
    [InlineData("/x", null, 10)]
    [InlineData("/x", null, 10_000_000)]
    public void Validate_BadOptions_Fails(string easPath, string? autodiscoverPath, int max)
    {
        var options = new HybridCoreOptions { ActiveSyncPath = new(easPath.Length == 0 ? null : easPath), MaxAutodiscoverRequestBytes = max };
        if (autodiscoverPath is not null)
        {
            options.AutodiscoverPath = new(autodiscoverPath);
        }

        Assert.True(new HybridCoreOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new HybridCoreOptionsValidator().Validate(null, new HybridCoreOptions()).Succeeded);
    }

    [Fact]
    public async Task Start_InvalidOptions_FailsAtStartUp()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => KestrelHost.StartAsync(o => o.MaxAutodiscoverRequestBytes = 1));
        Assert.Contains("MaxAutodiscoverRequestBytes", e.Message, StringComparison.Ordinal);
    }
}
