using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridCore.Ldap;

/// <summary>
/// Keeps a <see cref="LiveHybridDirectory"/> in step with Active Directory: reads the whole directory every
/// <see cref="Interval"/> and swaps the new snapshot in atomically. A failed read keeps the last good snapshot, logs
/// why, counts the failure and turns the health check Degraded.
/// </summary>
/// <remarks>
/// Metrics on the meter <see cref="MeterName"/>: <c>hybridcore.ldap.refreshes</c> (by <c>outcome</c>: success,
/// failure), <c>hybridcore.ldap.refresh.duration</c> (seconds), <c>hybridcore.ldap.objects</c> (entries read by the
/// last successful refresh) and <c>hybridcore.ldap.snapshot.age</c> (seconds since the snapshot in use was read).
/// Every refresh is a full reload: simple, and correct after deletions and moves. Recipients that did not change are
/// the snapshot in use's objects, so the old and the new snapshot together hold little more than one (docs/ldap.md).
/// </remarks>
public sealed class LdapDirectoryRefresher : BackgroundService, IHealthCheck
{
    /// <summary>The meter's name (<c>AddMeter("HybridCore.Ldap")</c>).</summary>
    public const string MeterName = "HybridCore.Ldap";

    private readonly LdapDirectoryReader _reader;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Counter<long> _refreshes;
    private readonly Histogram<double> _duration;
    private readonly object _gate = new();
    private long _snapshotTimestamp;
    private int _objects;
    private string? _lastError;
    private int _consecutiveFailures;

    /// <summary>Creates the refresher around a directory already loaded once.</summary>
    /// <param name="directory">The directory to keep current.</param>
    /// <param name="reader">Reads AD.</param>
    /// <param name="interval">Time between the end of one refresh and the start of the next.</param>
    /// <param name="initialObjects">Entries read by the initial load.</param>
    /// <param name="meterFactory">Where the metrics go; none when null.</param>
    /// <param name="logger">Where refresh outcomes go.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public LdapDirectoryRefresher(
        LiveHybridDirectory directory,
        LdapDirectoryReader reader,
        TimeSpan interval,
        int initialObjects,
        IMeterFactory? meterFactory = null,
        ILogger<LdapDirectoryRefresher>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromSeconds(1));
        Directory = directory;
        _reader = reader;
        Interval = interval;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _snapshotTimestamp = _time.GetTimestamp();
        _objects = initialObjects;
        Meter meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _refreshes = meter.CreateCounter<long>("hybridcore.ldap.refreshes", "{refresh}", "Directory refreshes from LDAP, by outcome.");
        _duration = meter.CreateHistogram<double>("hybridcore.ldap.refresh.duration", "s", "How long a directory refresh from LDAP took.");
        meter.CreateObservableGauge("hybridcore.ldap.objects", () => Volatile.Read(ref _objects), "{object}", "Entries read by the last successful refresh.");
        meter.CreateObservableGauge("hybridcore.ldap.snapshot.age", () => SnapshotAge.TotalSeconds, "s", "Seconds since the directory in use was read.");
    }

    /// <summary>The directory kept current.</summary>
    public LiveHybridDirectory Directory { get; }

    /// <summary>Time between refreshes.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How old the snapshot in use is.</summary>
    public TimeSpan SnapshotAge => _time.GetElapsedTime(Interlocked.Read(ref _snapshotTimestamp));

    /// <summary>The last refresh's error, or null when it succeeded.</summary>
    public string? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    /// <summary>Refreshes that succeeded since start.</summary>
    public int SuccessfulRefreshes { get; private set; }

    /// <summary>Runs one refresh now.</summary>
    /// <returns>True when the directory was replaced; false when the read failed and the last good snapshot stays.</returns>
    public bool RefreshNow(CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            LdapDirectoryReadResult result = _reader.Read(Directory.Snapshot, null, cancellationToken);
            Directory.Swap(result.Snapshot);
            Interlocked.Exchange(ref _snapshotTimestamp, _time.GetTimestamp());
            Volatile.Write(ref _objects, result.ObjectsRead);
            lock (_gate)
            {
                _lastError = null;
                _consecutiveFailures = 0;
                SuccessfulRefreshes++;
            }

            _refreshes.Add(1, new KeyValuePair<string, object?>("outcome", "success"));
            _logger.LogInformation(
                "Directory refreshed from LDAP: {Recipients} recipients, {Relationships} relationships ({Skipped} entries left out) in {Seconds:F1} s.",
                result.Snapshot.Recipients.Length, result.Snapshot.Relationships.Length, result.SkippedCount, Stopwatch.GetElapsedTime(started).TotalSeconds);
            return true;
        }
        catch (LdapDirectoryException e)
        {
            int failures;
            lock (_gate)
            {
                _lastError = e.Message;
                failures = ++_consecutiveFailures;
            }

            _refreshes.Add(1, new KeyValuePair<string, object?>("outcome", "failure"));
            _logger.LogError(e, "Directory refresh from LDAP failed ({Failures} in a row); keeping the snapshot read {Age:F0} s ago. {Message}", failures, SnapshotAge.TotalSeconds, e.Message);
            return false;
        }
        finally
        {
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, _time, stoppingToken).ConfigureAwait(false);
                await Task.Run(() => RefreshNow(stoppingToken), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        string? error = LastError;
        var data = new Dictionary<string, object>
        {
            ["snapshotAgeSeconds"] = Math.Round(SnapshotAge.TotalSeconds),
            ["objects"] = Volatile.Read(ref _objects),
        };
        return Task.FromResult(error is null
            ? HealthCheckResult.Healthy("The directory is current.", data)
            : HealthCheckResult.Degraded($"The last refresh failed; serving the snapshot read {SnapshotAge.TotalSeconds:F0} s ago. {error}", data: data));
    }
}
