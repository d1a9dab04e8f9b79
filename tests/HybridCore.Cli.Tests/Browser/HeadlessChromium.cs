using System.Collections.ObjectModel;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace HybridCore.Cli.Tests.Browser;

/// <summary>
/// Debian's chromium driven through its chromedriver with Selenium, headless. Both come from the Debian packages
/// <c>chromium</c> and <c>chromium-driver</c>, which .ci/install-deps installs; HYBRIDCORE_CHROMIUM and
/// HYBRIDCORE_CHROMEDRIVER point elsewhere. Selenium is given both paths, so it never looks for or downloads a
/// browser or driver of its own. A missing browser fails the test that needs it, with the reason: the HTML report's
/// checks cannot be made without one, and a skipped check would pass silently.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private readonly ChromeDriver _driver;

    private HeadlessChromium(ChromeDriver driver) => _driver = driver;

    public IWebDriver Driver => _driver;

    public static HeadlessChromium Start(int width = 1280, int height = 2000)
    {
        string chromium = Find("HYBRIDCORE_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
        string chromedriver = Find("HYBRIDCORE_CHROMEDRIVER", "chromedriver");
        ChromeDriverService service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(chromedriver)!, Path.GetFileName(chromedriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox", // CI runs as root, where Chromium's sandbox refuses to start.
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-extensions",
            "--force-device-scale-factor=1",
            "--hide-scrollbars",
            $"--window-size={width},{height}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        return new HeadlessChromium(new ChromeDriver(service, options, TimeSpan.FromSeconds(120)));
    }

    /// <summary>Opens a local file and waits for the document to finish loading.</summary>
    public void Open(string path)
    {
        _driver.Navigate().GoToUrl(new Uri(Path.GetFullPath(path)).AbsoluteUri);
        Assert.Equal("complete", Script<string>("return document.readyState;"));
    }

    public T Script<T>(string script, params object[] args) => (T)_driver.ExecuteScript(script, args)!;

    /// <summary>The console messages of the page at SEVERE level (errors, CSP violations, failed loads).</summary>
    public IReadOnlyList<string> ConsoleErrors()
    {
        ReadOnlyCollection<LogEntry> entries = _driver.Manage().Logs.GetLog(LogType.Browser);
        return entries.Where(e => e.Level >= LogLevel.Severe).Select(e => e.Message).ToArray();
    }

    public void Screenshot(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _driver.GetScreenshot().SaveAsFile(path);
    }

    public void Dispose() => _driver.Quit();

    private static string Find(string variable, params string[] names)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            Assert.True(File.Exists(configured), $"{variable}={configured} does not exist.");
            return configured;
        }

        string[] dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string name in names)
        {
            foreach (string dir in dirs.Append("/usr/bin").Append("/usr/lib/chromium"))
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        Assert.Fail(
            $"No {names[0]} found (looked for {string.Join(", ", names)} on PATH and in /usr/bin; or set {variable}). The HTML report tests need a real " +
            "browser: install the Debian packages chromium and chromium-driver (.ci/install-deps does).");
        return null!;
    }
}
