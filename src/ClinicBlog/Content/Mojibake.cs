using System.Text;

namespace ClinicBlog.Content;

/// <summary>Repairs text that was UTF-8 read as Windows-1252 once ("Golferâ€™s" for "Golfer’s").</summary>
/// <remarks>Imported pages carry it; text without the telltale sequences is returned as it is.</remarks>
internal static class Mojibake
{
    private static readonly Encoding Windows1252 = CreateWindows1252();

    public static bool Has(string text) => text.Contains("â€", StringComparison.Ordinal) || text.Contains('Ã')
        || text.Contains("Â ", StringComparison.Ordinal) || text.Contains("Â\u00A0", StringComparison.Ordinal);

    public static string Repair(string text)
    {
        if (!Has(text)) return text;
        var sb = new StringBuilder(text.Length);
        var run = new StringBuilder();
        foreach (var c in text)
        {
            // Collect runs of characters that Windows-1252 can encode, and re-decode each run as UTF-8.
            if (c >= 0x80 && CanEncode(c))
            {
                run.Append(c);
                continue;
            }

            Flush();
            sb.Append(c);
        }

        Flush();
        return sb.ToString();

        void Flush()
        {
            if (run.Length == 0) return;
            var bytes = Windows1252.GetBytes(run.ToString());
            var decoded = new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(bytes);
            sb.Append(decoded.Contains('\uFFFD') ? run.ToString() : decoded);
            run.Clear();
        }
    }

    private static bool CanEncode(char c) =>
        c is >= '\u00A0' and <= '\u00FF' || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".Contains(c)
        // The five bytes Windows-1252 leaves undefined come through as themselves: "â€\u009d" was "”".
        || c is '\u0081' or '\u008D' or '\u008F' or '\u0090' or '\u009D';

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback);
    }
}
