using System.IO.Compression;

namespace HybridCore.Cli.Tests.Logs;

/// <summary>Two generated IIS logs with their known truth: a plain day with broken lines and a gzip'ed day.</summary>
public sealed class GeneratedLogs : IDisposable
{
    public GeneratedLogs()
    {
        Root = CliRunner.TempDirectory();
        string folder = Path.Combine(Root, "W3SVC1");
        Directory.CreateDirectory(folder);
        PlainPath = Path.Combine(folder, "u_ex260105.log");
        GzipPath = Path.Combine(folder, "u_ex260106.log.gz");
        using (FileStream f = File.Create(PlainPath))
        {
            Plain = IisLogGenerator.Generate(f, new IisLogGeneratorOptions { Seed = 11, Users = 12, MaxDevicesPerUser = 2, TargetBytes = 300_000, BrokenLineRate = 0.01, FieldChangeEvery = 500 });
        }

        using (FileStream f = File.Create(GzipPath))
        using (var gz = new GZipStream(f, CompressionLevel.Fastest))
        {
            Gzip = IisLogGenerator.Generate(gz, new IisLogGeneratorOptions { Seed = 12, Users = 12, MaxDevicesPerUser = 2, TargetBytes = 300_000, Domain = "fabrikam.com" });
        }
    }

    public string Root { get; }

    public string PlainPath { get; }

    public string GzipPath { get; }

    public GeneratedLogTruth Plain { get; }

    public GeneratedLogTruth Gzip { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
