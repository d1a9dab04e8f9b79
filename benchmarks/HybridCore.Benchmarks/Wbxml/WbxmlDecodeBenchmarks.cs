using System.Buffers;
using System.Xml;
using BenchmarkDotNet.Attributes;
using HybridCore.Wbxml;

namespace HybridCore.Benchmarks.Wbxml;

/// <summary>
/// Decoding the same ActiveSync Sync responses (about 2 KB, 64 KB and 1 MB) with libwbxml
/// (P/Invoke, WBXML → XML, the baseline) and with HybridCore: the token reader over a span and over
/// 4 KB segments (what a PipeReader hands out), and the WBXML → XML converter (same output as libwbxml).
/// </summary>
[MemoryDiagnoser]
public class WbxmlDecodeBenchmarks
{
    private byte[] _document = [];
    private ReadOnlySequence<byte> _segmented;
    private LibWbxml? _libwbxml;
    private XmlWriter _xmlWriter = XmlWriter.Create(TextWriter.Null);

    [Params(2 * 1024, 64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _document = WbxmlSampleDocuments.CreateSyncResponse(Size);
        _segmented = Segments.Chunk(_document, 4096);
        if (!LibWbxml.IsAvailable)
        {
            throw new InvalidOperationException("libwbxml2.so.1 cannot be loaded: run .ci/install-deps as root (apt-get install libwbxml2-1).");
        }

        _libwbxml = LibWbxml.Create();
        _xmlWriter = XmlWriter.Create(TextWriter.Null, new XmlWriterSettings { ConformanceLevel = ConformanceLevel.Fragment });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _libwbxml?.Dispose();
        _xmlWriter.Dispose();
    }

    [Benchmark(Baseline = true, Description = "libwbxml wbxml2xml (P/Invoke)")]
    public int LibWbxmlToXml() => _libwbxml!.Decode(_document);

    [Benchmark(Description = "HybridCore WbxmlReader (span)")]
    public long HybridCoreReader()
    {
        var reader = new WbxmlReader(_document);
        long sum = 0;
        while (reader.Read())
        {
            sum += reader.TokenType == WbxmlTokenType.StartElement ? (int)reader.Tag : reader.ValueSpan.Length;
        }

        return sum;
    }

    [Benchmark(Description = "HybridCore WbxmlReader (4 KB segments)")]
    public long HybridCoreReaderSegmented()
    {
        var reader = new WbxmlReader(_segmented);
        long sum = 0;
        while (reader.Read())
        {
            sum += reader.TokenType == WbxmlTokenType.StartElement ? (int)reader.Tag : reader.ValueLength;
        }

        return sum;
    }

    [Benchmark(Description = "HybridCore WBXML -> XML")]
    public void HybridCoreToXml() => WbxmlXmlConverter.WriteXml(_document, _xmlWriter);
}
