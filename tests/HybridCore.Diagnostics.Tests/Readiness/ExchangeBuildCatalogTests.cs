using HybridCore.Diagnostics.Readiness;

namespace HybridCore.Diagnostics.Tests.Readiness;

public class ExchangeBuildCatalogTests
{
    [Fact]
    public void Default_HoldsEveryGeneratedRowInBuildOrder()
    {
        IReadOnlyList<ExchangeRelease> all = ExchangeBuildCatalog.Default.Releases;
        Assert.Equal(ExchangeBuildTable.Count, all.Count);
        Assert.True(all.Count > 100, "expected the whole build table, got " + all.Count);
        for (int i = 1; i < all.Count; i++)
        {
            Assert.True(all[i - 1].Build.CompareTo(all[i].Build) <= 0, all[i - 1].Name + " after " + all[i].Name);
        }

        // Microsoft Learn, "Exchange Server build numbers and release dates": 2013 CU8 is 15.0.1076.9 (2015-03-17), the first 2013 build that redirects EAS.
        ExchangeRelease cu8 = ExchangeBuildCatalog.Default.Get("Exchange Server 2013 CU8");
        Assert.Equal(new ExchangeBuild(15, 0, 1076, 9), cu8.Build);
        Assert.Equal(ExchangeProduct.Exchange2013, cu8.Product);
    }

    [Theory]
    // Microsoft Learn, "Exchange Server build numbers and release dates".
    [InlineData(ExchangeMinimums.EasRedirect2010, "14.3.235.1")]
    [InlineData(ExchangeMinimums.EasRedirect2013, "15.0.1076.9")]
    [InlineData(ExchangeMinimums.HybridModernAuth2013, "15.0.1365.1")]
    [InlineData(ExchangeMinimums.HybridModernAuth2016, "15.1.1415.2")]
    [InlineData(ExchangeMinimums.HybridModernAuth2019, "15.2.330.5")]
    [InlineData("Exchange Server 2007 SP3", "8.3.83.6")]
    [InlineData("Exchange Server SE RTM", "15.2.2562.17")]
    public void Default_HasTheMinimumsTheChecksUse(string name, string build)
    {
        Assert.Equal(ExchangeBuild.Parse(build), ExchangeBuildCatalog.Default.Get(name).Build);
    }

    [Fact]
    public void Default_IsInBuildOrderWithDatesRisingWithinEachServicePackLine()
    {
        IReadOnlyList<ExchangeRelease> all = ExchangeBuildCatalog.Default.Releases;
        Assert.True(all.Count > 90);
        for (int i = 1; i < all.Count; i++)
        {
            Assert.True(all[i - 1].Build < all[i].Build, all[i].Name);
        }

        foreach (ExchangeRelease r in all)
        {
            Assert.Equal(r.Product, ExchangeBuildCatalog.GetProduct(r.Build));
        }
    }

    [Theory]
    [InlineData("15.0.1076.9", "Exchange Server 2013 CU8")]
    [InlineData("15.0.1497.48", "Exchange Server 2013 CU23")] // CU23 Mar23SU
    [InlineData("14.3.224.2", "Exchange Server 2010 SP3 RU8v2")]
    [InlineData("15.2.2562.37", "Exchange Server SE RTM")]
    [InlineData("15.2.1748.43", "Exchange Server 2019 CU15")]
    public void TryIdentify_Build_GivesItsRelease(string build, string name)
    {
        Assert.True(ExchangeBuildCatalog.Default.TryIdentify(ExchangeBuild.Parse(build), out ExchangeRelease? r));
        Assert.Equal(name, r.Name);
    }

    [Theory]
    [InlineData("Exchange2013\tX\t15.0.1.1")]
    [InlineData("Nope\tX\t15.0.1.1\t2020-01-01")]
    [InlineData("Exchange2013\tX\tbad\t2020-01-01")]
    [InlineData("Exchange2013\tX\t15.0.1.1\t01/01/2020")]
    public void Parse_MalformedRow_ThrowsFormatExceptionNamingTheLine(string row)
    {
        var e = Assert.Throws<FormatException>(() => ExchangeBuildCatalog.Parse(new StringReader("# c\n" + row + "\n")));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }
}
