using System.Runtime.InteropServices;
using System.Text;

namespace HybridCore.TestSupport;

/// <summary>
/// P/Invoke to libwbxml 0.11 (Debian package libwbxml2-1, installed by .ci/install-deps), an independent
/// C implementation of WBXML with ActiveSync tables: its WBXML → XML converter serves as the reference
/// decoder in the comparison test and the decode benchmark.
/// </summary>
public sealed partial class LibWbxml : IDisposable
{
    private const string Library = "libwbxml2.so.1";

    // wbxml_conv.h: WBXML_LANG_ACTIVESYNC = 2402, WBXML_GEN_XML_COMPACT = 0, WBXML_CHARSET_UTF_8 = 106.
    private const int LanguageActiveSync = 2402;
    private const int GenXmlCompact = 0;
    private const int CharsetUtf8 = 106;

    private IntPtr _converter;

    private LibWbxml(IntPtr converter) => _converter = converter;

    /// <summary>True when the native library can be loaded here.</summary>
    public static bool IsAvailable => NativeLibrary.TryLoad(Library, out _);

    /// <summary>Creates a converter set up for ActiveSync, compact XML, UTF-8.</summary>
    public static LibWbxml Create()
    {
        int error = wbxml_conv_wbxml2xml_create(out IntPtr converter);
        if (error != 0 || converter == IntPtr.Zero)
        {
            throw new InvalidOperationException("wbxml_conv_wbxml2xml_create failed: " + error);
        }

        wbxml_conv_wbxml2xml_set_language(converter, LanguageActiveSync);
        wbxml_conv_wbxml2xml_set_gen_type(converter, GenXmlCompact);
        wbxml_conv_wbxml2xml_set_charset(converter, CharsetUtf8);
        return new LibWbxml(converter);
    }

    /// <summary>Decodes to XML bytes and frees them; returns the XML length (for the benchmark).</summary>
    public unsafe int Decode(byte[] wbxml)
    {
        fixed (byte* input = wbxml)
        {
            int error = wbxml_conv_wbxml2xml_run(_converter, input, (uint)wbxml.Length, out byte* xml, out uint length);
            if (error != 0)
            {
                throw new InvalidOperationException("libwbxml could not decode the document: error " + error);
            }

            wbxml_free(xml);
            return (int)length;
        }
    }

    /// <summary>Decodes to XML text.</summary>
    public unsafe string ToXml(byte[] wbxml)
    {
        fixed (byte* input = wbxml)
        {
            int error = wbxml_conv_wbxml2xml_run(_converter, input, (uint)wbxml.Length, out byte* xml, out uint length);
            if (error != 0)
            {
                throw new InvalidOperationException("libwbxml could not decode the document: error " + error);
            }

            try
            {
                return Encoding.UTF8.GetString(xml, (int)length);
            }
            finally
            {
                wbxml_free(xml);
            }
        }
    }

    public void Dispose()
    {
        if (_converter != IntPtr.Zero)
        {
            wbxml_conv_wbxml2xml_destroy(_converter);
            _converter = IntPtr.Zero;
        }
    }

    [LibraryImport(Library)]
    private static partial int wbxml_conv_wbxml2xml_create(out IntPtr converter);

    [LibraryImport(Library)]
    private static partial void wbxml_conv_wbxml2xml_set_language(IntPtr converter, int language);

    [LibraryImport(Library)]
    private static partial void wbxml_conv_wbxml2xml_set_gen_type(IntPtr converter, int genType);

    [LibraryImport(Library)]
    private static partial void wbxml_conv_wbxml2xml_set_charset(IntPtr converter, int charset);

    [LibraryImport(Library)]
    private static unsafe partial int wbxml_conv_wbxml2xml_run(IntPtr converter, byte* wbxml, uint wbxmlLength, out byte* xml, out uint xmlLength);

    [LibraryImport(Library)]
    private static partial void wbxml_conv_wbxml2xml_destroy(IntPtr converter);

    [LibraryImport(Library)]
    private static unsafe partial void wbxml_free(void* memory);
}
