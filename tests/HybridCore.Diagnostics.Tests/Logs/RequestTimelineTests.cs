using HybridCore.Diagnostics.Logs;
namespace HybridCore.Diagnostics.Tests.Logs;

public class RequestTimelineTests
{
    private static readonly DateTime Monday = new(2026, 3, 9, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Analyze_GeneratedLog_TimelineEqualsTheTruthPerHour()
    {
        var ms = new MemoryStream();
        GeneratedLogTruth truth = IisLogGenerator.Generate(ms, new IisLogGeneratorOptions { Users = 40, TargetBytes = 1_200_000, BrokenLineRate = 0.01, Start = new DateTime(2026, 1, 5, 0, 40, 0, DateTimeKind.Utc) });
        LogAnalysisReport report = Analyze(ms.ToArray(), new LogAnalysisOptions());

        Assert.True(truth.RequestsPerHour.Count >= 2, "the log should span several hours");
        Assert.Equal(truth.RequestsPerHour.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)), report.Timeline.Hours.Select(b => (b.Start, b.Counts)));
        Assert.Equal(report.Totals.Requests, report.Timeline.Timed);
        Assert.Equal(0, report.Timeline.Untimed);
    }

    [Theory]
    [InlineData("user1@", null)]
    [InlineData(null, "iPhone")]
    [InlineData("user2", "Android")]
    public void Analyze_WithFilters_TimelineCoversTheDevicesOfTheReport(string? user, string? device)
    {
        var ms = new MemoryStream();
        IisLogGenerator.Generate(ms, new IisLogGeneratorOptions { Users = 40, TargetBytes = 400_000 });
        LogAnalysisReport report = Analyze(ms.ToArray(), new LogAnalysisOptions { UserFilter = user, DeviceFilter = device });

        Assert.True(report.Totals.Requests.Total > 0);
        Assert.Equal(report.Totals.Requests, report.Timeline.Timed);
    }

    [Fact]
    public void Builder_LinesWithoutTime_AreCountedApart()
    {
        var b = new RequestTimelineBuilder();
        b.Add(0, ActiveSyncOutcome.Served);
        b.Add(Monday.AddMinutes(5).Ticks, ActiveSyncOutcome.Redirected);
        b.Add(Monday.AddMinutes(59).Ticks, ActiveSyncOutcome.UserHasNoMailbox);
        b.Add(Monday.AddMinutes(60).Ticks, ActiveSyncOutcome.Redirected);

        RequestTimeline t = b.Build();

        Assert.Equal(1, t.Untimed);
        Assert.Equal([Monday, Monday.AddHours(1)], t.Hours.Select(h => h.Start));
        Assert.Equal(new OutcomeCounts(0, 1, 0, 0, 1), t.Hours[0].Counts);
        Assert.Equal(new OutcomeCounts(0, 1, 0, 0, 0), t.Hours[1].Counts);
    }

    [Fact]
    public void Builder_MoreHoursThanTheLimit_CountsTheRestBeyondIt()
    {
        var b = new RequestTimelineBuilder(maxHours: 10);
        for (int i = 0; i < 25; i++)
        {
            b.Add(Monday.AddHours(i).Ticks, ActiveSyncOutcome.Served);
            b.Add(Monday.AddHours(i).Ticks, ActiveSyncOutcome.Served);
        }

        RequestTimeline t = b.Build();

        Assert.Equal(10, t.Hours.Count);
        Assert.Equal(30, t.BeyondLimit);
        Assert.Equal(20, t.Timed.Total);
    }

    [Fact]
    public void Builder_Merge_AddsCountsAndKeepsTheLimit()
    {
        var a = new RequestTimelineBuilder(maxHours: 2);
        var other = new RequestTimelineBuilder();
        a.Add(Monday.Ticks, ActiveSyncOutcome.Served);
        other.Add(Monday.AddMinutes(1).Ticks, ActiveSyncOutcome.AuthFailure);
        other.Add(Monday.AddHours(1).Ticks, ActiveSyncOutcome.Served);
        other.Add(Monday.AddHours(2).Ticks, ActiveSyncOutcome.Served);
        other.Add(0, ActiveSyncOutcome.Served);

        a.Merge(other);
        RequestTimeline t = a.Build();

        Assert.Equal(new OutcomeCounts(1, 0, 0, 1, 0), t.Hours[0].Counts);
        Assert.Equal(2, t.Hours.Count);
        Assert.Equal(1, t.BeyondLimit);
        Assert.Equal(1, t.Untimed);
    }

    [Theory]
    [InlineData(1, TimelineGranularity.Hour)]
    [InlineData(400, TimelineGranularity.Hour)]
    [InlineData(401, TimelineGranularity.Day)]
    [InlineData(400 * 24, TimelineGranularity.Day)]
    [InlineData((400 * 24) + 1, TimelineGranularity.Week)]
    public void ChooseGranularity_FollowsTheSpan(int hours, TimelineGranularity expected)
    {
        var b = new RequestTimelineBuilder();
        b.Add(Monday.Ticks, ActiveSyncOutcome.Served);
        b.Add(Monday.AddHours(hours - 1).Ticks, ActiveSyncOutcome.Served);

        Assert.Equal(expected, b.Build().ChooseGranularity());
    }

    [Fact]
    public void View_DaysAndWeeks_SumTheHours()
    {
        var b = new RequestTimelineBuilder();
        b.Add(Monday.AddHours(-1).Ticks, ActiveSyncOutcome.Served); // Sunday 23:00, the week before
        b.Add(Monday.AddHours(3).Ticks, ActiveSyncOutcome.Served);
        b.Add(Monday.AddHours(4).Ticks, ActiveSyncOutcome.Redirected);
        b.Add(Monday.AddDays(6).AddHours(23).Ticks, ActiveSyncOutcome.Served); // Sunday, same week
        RequestTimeline t = b.Build();

        Assert.Equal(
            [(Monday.AddDays(-1), 1L), (Monday, 2L), (Monday.AddDays(6), 1L)],
            t.View(TimelineGranularity.Day).Select(d => (d.Start, d.Counts.Total)));
        Assert.Equal(
            [(Monday.AddDays(-7), 1L), (Monday, 3L)],
            t.View(TimelineGranularity.Week).Select(d => (d.Start, d.Counts.Total)));
    }

    private static LogAnalysisReport Analyze(byte[] log, LogAnalysisOptions options)
    {
        var analyzer = new ActiveSyncLogAnalyzer(options);
        using var reader = new W3CLogReader();
        reader.Read(new MemoryStream(log), "a.log", analyzer);
        return analyzer.BuildReport(reader.Statistics);
    }
}
