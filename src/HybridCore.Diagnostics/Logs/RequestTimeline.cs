using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace HybridCore.Diagnostics.Logs;

/// <summary>How wide one bucket of a <see cref="RequestTimeline"/> view is.</summary>
public enum TimelineGranularity
{
    /// <summary>One bucket per hour (UTC).</summary>
    Hour = 0,

    /// <summary>One bucket per day (UTC).</summary>
    Day = 1,

    /// <summary>One bucket per week, starting on Monday (UTC); for logs that span years.</summary>
    Week = 2,
}

/// <summary>The ActiveSync requests that fell in one time bucket, per outcome.</summary>
/// <param name="Start">The start of the bucket (UTC).</param>
/// <param name="Counts">Requests per outcome.</param>
public sealed record TimelineBucket(DateTime Start, OutcomeCounts Counts);

/// <summary>
/// ActiveSync requests per hour (UTC) and outcome, gathered in the same pass as the rest of the
/// <see cref="LogAnalysisReport"/>. Only hours with requests are kept, at most <see cref="MaxHours"/> of them
/// (over eleven years of hours): requests of further hours are counted in <see cref="BeyondLimit"/>, so a log with
/// wild dates cannot make it grow without bound.
/// </summary>
public sealed class RequestTimeline
{
    /// <summary>The most distinct hours kept (100,000: over eleven years).</summary>
    public const int MaxHours = 100_000;

    /// <summary>The most buckets <see cref="ChooseGranularity"/> aims for in a view.</summary>
    public const int MaxBucketsPerView = 400;

    internal RequestTimeline(IReadOnlyList<TimelineBucket> hours, long untimed, long beyondLimit)
    {
        Hours = hours;
        Untimed = untimed;
        BeyondLimit = beyondLimit;
        OutcomeCounts total = default;
        foreach (TimelineBucket b in hours)
        {
            total += b.Counts;
        }

        Timed = total;
    }

    /// <summary>No requests.</summary>
    public static RequestTimeline Empty { get; } = new([], 0, 0);

    /// <summary>The hours that had requests, oldest first.</summary>
    public IReadOnlyList<TimelineBucket> Hours { get; }

    /// <summary>Requests whose line had no readable date and time (they are in the report's totals, not on the timeline).</summary>
    public long Untimed { get; }

    /// <summary>Requests of hours beyond <see cref="MaxHours"/> distinct hours (not on the timeline).</summary>
    public long BeyondLimit { get; }

    /// <summary>The requests on the timeline (the sum of <see cref="Hours"/>).</summary>
    public OutcomeCounts Timed { get; }

    /// <summary>The first and last hour with requests, or null when there are none.</summary>
    public (DateTime First, DateTime Last)? Span => Hours.Count == 0 ? null : (Hours[0].Start, Hours[^1].Start);

    /// <summary>The finest granularity whose view of the span has at most <see cref="MaxBucketsPerView"/> buckets:
    /// hours for up to about two weeks, days for up to about a year, weeks beyond.</summary>
    /// <returns>The granularity.</returns>
    public TimelineGranularity ChooseGranularity()
    {
        if (Span is not { } span)
        {
            return TimelineGranularity.Hour;
        }

        double hours = (span.Last - span.First).TotalHours + 1;
        return hours <= MaxBucketsPerView ? TimelineGranularity.Hour
            : hours / 24 <= MaxBucketsPerView ? TimelineGranularity.Day
            : TimelineGranularity.Week;
    }

    /// <summary>The timeline in buckets of the given width; only buckets with requests.</summary>
    /// <param name="granularity">The bucket width.</param>
    /// <returns>The buckets, oldest first.</returns>
    public IReadOnlyList<TimelineBucket> View(TimelineGranularity granularity)
    {
        if (granularity == TimelineGranularity.Hour)
        {
            return Hours;
        }

        var buckets = new List<TimelineBucket>();
        foreach (TimelineBucket hour in Hours)
        {
            DateTime start = BucketStart(hour.Start, granularity);
            if (buckets.Count > 0 && buckets[^1].Start == start)
            {
                buckets[^1] = buckets[^1] with { Counts = buckets[^1].Counts + hour.Counts };
            }
            else
            {
                buckets.Add(new TimelineBucket(start, hour.Counts));
            }
        }

        return buckets;
    }

    /// <summary>The start of the bucket of the given width that holds <paramref name="time"/> (UTC).</summary>
    /// <param name="time">A time.</param>
    /// <param name="granularity">The bucket width.</param>
    /// <returns>The start of its bucket.</returns>
    public static DateTime BucketStart(DateTime time, TimelineGranularity granularity)
    {
        switch (granularity)
        {
            case TimelineGranularity.Hour:
                return new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
            case TimelineGranularity.Day:
                return new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerDay), DateTimeKind.Utc);
            default:
                DateTime day = new(time.Ticks - (time.Ticks % TimeSpan.TicksPerDay), DateTimeKind.Utc);
                int sinceMonday = ((int)day.DayOfWeek + 6) % 7;
                // 0001-01-01 is a Monday, so a week never starts before DateTime.MinValue.
                return day.AddDays(-sinceMonday);
        }
    }
}

/// <summary>Gathers a <see cref="RequestTimeline"/> one request at a time. Logs are written in time order, so the
/// hour of the previous request is remembered: a request in the same hour costs a compare and an increment, and
/// allocates nothing. Not thread-safe; builders of separate readers combine with <see cref="Merge"/>.</summary>
internal sealed class RequestTimelineBuilder
{
    private static readonly int OutcomeCount = Enum.GetValues<ActiveSyncOutcome>().Length;
    private readonly Dictionary<long, long[]> _hours = new();
    private readonly int _maxHours;
    private long _lastHour = long.MinValue;
    private long[]? _lastCounts;
    private long _untimed;
    private long _beyondLimit;

    public RequestTimelineBuilder(int maxHours = RequestTimeline.MaxHours) => _maxHours = maxHours;

    /// <summary>Counts one request.</summary>
    /// <param name="ticks">Its logged time (UTC ticks), or 0 when unknown.</param>
    /// <param name="outcome">Its outcome.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(long ticks, ActiveSyncOutcome outcome)
    {
        if (ticks <= 0)
        {
            _untimed++;
            return;
        }

        long hour = ticks / TimeSpan.TicksPerHour;
        if (hour != _lastHour || _lastCounts is null)
        {
            if (!_hours.TryGetValue(hour, out long[]? counts))
            {
                if (_hours.Count >= _maxHours)
                {
                    _beyondLimit++;
                    return;
                }

                counts = new long[OutcomeCount];
                _hours.Add(hour, counts);
            }

            _lastHour = hour;
            _lastCounts = counts;
        }

        _lastCounts[(int)outcome]++;
    }

    /// <summary>Adds the counts of another builder (of another reader of the same analysis).</summary>
    /// <param name="other">The other builder.</param>
    public void Merge(RequestTimelineBuilder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _untimed += other._untimed;
        _beyondLimit += other._beyondLimit;
        foreach (KeyValuePair<long, long[]> hour in other._hours)
        {
            if (!_hours.TryGetValue(hour.Key, out long[]? counts))
            {
                if (_hours.Count >= _maxHours)
                {
                    foreach (long n in hour.Value)
                    {
                        _beyondLimit += n;
                    }

                    continue;
                }

                counts = new long[OutcomeCount];
                _hours.Add(hour.Key, counts);
            }

            for (int i = 0; i < counts.Length; i++)
            {
                counts[i] += hour.Value[i];
            }
        }
    }

    /// <summary>The timeline so far.</summary>
    /// <returns>An immutable copy.</returns>
    public RequestTimeline Build()
    {
        var hours = new List<TimelineBucket>(_hours.Count);
        foreach (KeyValuePair<long, long[]> hour in _hours)
        {
            long[] c = hour.Value;
            hours.Add(new TimelineBucket(new DateTime(hour.Key * TimeSpan.TicksPerHour, DateTimeKind.Utc), new OutcomeCounts(c[0], c[1], c[2], c[3], c[4])));
        }

        hours.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return new RequestTimeline(hours.ToArray(), _untimed, _beyondLimit);
    }
}
