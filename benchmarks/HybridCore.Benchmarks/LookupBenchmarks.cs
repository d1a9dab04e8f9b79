using System.Text;
using BenchmarkDotNet.Attributes;
using HybridCore.ActiveSync;
using HybridCore.Wbxml;

namespace HybridCore.Benchmarks;

/// <summary>
/// Generated name lookups against the framework's reflection-based enum parsing, on the same
/// inputs. Each invocation parses every command name once (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class LookupBenchmarks
{
    private string[] _names = [];
    private byte[][] _utf8Names = [];
    private string[] _lowerNames = [];
    private byte[][] _utf8LowerNames = [];

    [GlobalSetup]
    public void Setup()
    {
        _names = Enum.GetNames<EasCommand>();
        _utf8Names = _names.Select(Encoding.UTF8.GetBytes).ToArray();
        _lowerNames = _names.Select(n => n.ToLowerInvariant()).ToArray();
        _utf8LowerNames = _lowerNames.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 22)]
    public int EnumTryParse()
    {
        int sum = 0;
        foreach (string name in _names)
        {
            if (Enum.TryParse(name.AsSpan(), ignoreCase: false, out EasCommand c))
            {
                sum += (int)c;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 22)]
    public int GeneratedTryParseChars()
    {
        int sum = 0;
        foreach (string name in _names)
        {
            if (EasCommands.TryParse(name.AsSpan(), out EasCommand c))
            {
                sum += (int)c;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 22)]
    public int GeneratedTryParseUtf8()
    {
        int sum = 0;
        foreach (byte[] name in _utf8Names)
        {
            if (EasCommands.TryParse(name, out EasCommand c))
            {
                sum += (int)c;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 22)]
    public int EnumTryParseIgnoreCase()
    {
        int sum = 0;
        foreach (string name in _lowerNames)
        {
            if (Enum.TryParse(name.AsSpan(), ignoreCase: true, out EasCommand c))
            {
                sum += (int)c;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 22)]
    public int GeneratedTryParseIgnoreCaseUtf8()
    {
        int sum = 0;
        foreach (byte[] name in _utf8LowerNames)
        {
            if (EasCommands.TryParseIgnoreCase(name, out EasCommand c))
            {
                sum += (int)c;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 22)]
    public int EnumToString()
    {
        int sum = 0;
        foreach (int value in EasCommands.Values)
        {
            sum += ((EasCommand)value).ToString().Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 22)]
    public int GeneratedGetName()
    {
        int sum = 0;
        foreach (int value in EasCommands.Values)
        {
            sum += EasCommands.GetName((EasCommand)value)!.Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 22)]
    public int GeneratedWbxmlTagName()
    {
        int sum = 0;
        for (int token = 0x05; token < 0x05 + 22; token++)
        {
            sum += WbxmlTags.GetName(WbxmlTags.Create(WbxmlCodePage.Email, (byte)token))?.Length ?? 0;
        }

        return sum;
    }
}
