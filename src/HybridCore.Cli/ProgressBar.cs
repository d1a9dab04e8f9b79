using System.Diagnostics;
using System.Globalization;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Cli;

/// <summary>
/// A one-line progress bar for the log analysis, drawn on standard error with carriage returns. Reports arrive
/// synchronously from the reading thread after every buffer read; the line is redrawn at most every
/// <see cref="Interval"/> so that drawing costs nothing measurable. <see cref="Dispose"/> erases the line, so
/// that what follows (the report, an error) starts on a clean line.
/// </summary>
internal sealed class ProgressBar : IProgress<LogAnalysisProgress>, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private const int BarWidth = 30;
    private const int LineWidth = 79;

    private readonly TextWriter _error;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastDraw;
    private bool _drawn;

    private ProgressBar(TextWriter error) => _error = error;

    /// <summary>A bar when standard error is a terminal and the input is at least
    /// <see cref="CliConsole.ProgressThresholdBytes"/>; null otherwise (pipes and logs get no control characters).</summary>
    public static ProgressBar? CreateFor(CliConsole console, long inputBytes) =>
        console.ErrorIsTerminal && inputBytes >= console.ProgressThresholdBytes ? new ProgressBar(console.Error) : null;

    /// <summary>How many times the line was drawn (for tests).</summary>
    public int Draws { get; private set; }

    public void Report(LogAnalysisProgress value)
    {
        TimeSpan now = _clock.Elapsed;
        bool finished = value.BytesDone >= value.BytesTotal;
        if (!finished && _lastDraw is { } last && now - last < Interval)
        {
            return;
        }

        _lastDraw = now;
        _error.Write('\r' + Format(value).PadRight(LineWidth));
        _error.Flush();
        _drawn = true;
        Draws++;
    }

    /// <summary>The bar's text, e.g. <c>[#######-----------------------]  23%  240/1024 MiB  u_ex260105.log</c>.</summary>
    internal static string Format(LogAnalysisProgress value)
    {
        double fraction = value.BytesTotal <= 0 ? 1 : Math.Clamp((double)value.BytesDone / value.BytesTotal, 0, 1);
        int filled = (int)Math.Round(fraction * BarWidth);
        string name = Path.GetFileName(value.CurrentInput);
        string text = string.Create(
            CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', BarWidth - filled)}] {fraction * 100,3:0}%  {value.BytesDone / (1024 * 1024)}/{value.BytesTotal / (1024 * 1024)} MiB  {name}");
        return text.Length > LineWidth ? text[..LineWidth] : text;
    }

    public void Dispose()
    {
        if (_drawn)
        {
            _error.Write('\r' + new string(' ', LineWidth) + '\r');
            _error.Flush();
            _drawn = false;
        }
    }
}
