using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace ModelMint.Domain.Datasets;

/// <summary>Byte-level steps shared by both formats: BOM removal, strict UTF-8 and physical line numbers.</summary>
internal static class DatasetText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Removes a leading UTF-8 byte order mark, which spreadsheet programs like to add.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> content) =>
        content.StartsWith("\uFEFF"u8) ? content[3..] : content;

    /// <summary>Throws <see cref="DatasetErrorCodes.InvalidUtf8"/> at the line of the first invalid byte.</summary>
    public static void EnsureValidUtf8(ReadOnlySpan<byte> content)
    {
        if (Utf8.IsValid(content))
        {
            return;
        }

        var offset = FirstInvalidOffset(content);
        var looksLikeUtf16 = content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        throw DatasetErrors.InvalidUtf8(LineAt(content, offset), offset, looksLikeUtf16);
    }

    /// <summary>Decodes content already checked by <see cref="EnsureValidUtf8"/>.</summary>
    public static string Decode(ReadOnlySpan<byte> content) => StrictUtf8.GetString(content);

    /// <summary>
    /// The 1-based physical line holding <paramref name="offset"/>. LF, CRLF and a lone CR each end a line,
    /// the same rule the readers use, so numbers agree whichever check reports.
    /// </summary>
    public static int LineAt(ReadOnlySpan<byte> content, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset; i++)
        {
            if (content[i] == '\n' || (content[i] == '\r' && (i + 1 >= content.Length || content[i + 1] != '\n')))
            {
                line++;
            }
        }

        return line;
    }

    private static int FirstInvalidOffset(ReadOnlySpan<byte> content)
    {
        var chars = ArrayPool<char>.Shared.Rent(content.Length);
        try
        {
            var status = Utf8.ToUtf16(content, chars, out var bytesRead, out _, replaceInvalidSequences: false);
            return status == OperationStatus.InvalidData ? bytesRead : content.Length;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
