namespace ModelMint.Domain.Datasets;

/// <summary>
/// Turns an uploaded file into validated rows and a canonical form. Pure: no I/O, safe to call concurrently.
/// </summary>
public static class DatasetParser
{
    /// <summary>Parses and validates <paramref name="content"/> with <see cref="DatasetLimits.Default"/>.</summary>
    /// <inheritdoc cref="Parse(ReadOnlySpan{byte}, DatasetFormat, DatasetLimits)"/>
    public static ParsedDataset Parse(ReadOnlySpan<byte> content, DatasetFormat format) =>
        Parse(content, format, DatasetLimits.Default);

    /// <summary>
    /// Parses and validates <paramref name="content"/>: UTF-8 (an optional BOM is dropped), at least one row,
    /// non-blank text and label on every row, at least two distinct labels, within <paramref name="limits"/>.
    /// Text and label are trimmed and line breaks inside them become LF; labels are compared ordinally (case
    /// matters). Blank lines are skipped but still counted, so reported line numbers match an editor's.
    /// CSV needs a header with <c>text</c> and <c>label</c> columns (case-insensitive, any order, others ignored);
    /// in JSONL every non-blank line is an object with <c>text</c> and <c>label</c> (case-sensitive names, others
    /// ignored); a JSONL label may also be a JSON number, kept as written (<c>1</c> becomes "1"), and a
    /// <c>null</c> text or label counts as empty.
    /// <para>
    /// Multi-label data (<see cref="ParsedDataset.MultiLabel"/>) has a CSV <c>labels</c> column instead of
    /// <c>label</c>, its values listing labels separated by <see cref="DatasetRow.LabelSeparator"/>, or a JSONL
    /// <c>labels</c> array of strings or numbers on every line. Each row keeps the set of its labels (trimmed,
    /// blanks dropped, distinct, ordinal order) and may have none; across the file there must be at least two
    /// distinct labels. Both <c>label</c> and <c>labels</c> in one header or object is
    /// <see cref="DatasetErrorCodes.AmbiguousLabels"/>; a JSONL file mixing them is a malformed row.
    /// </para>
    /// </summary>
    /// <param name="content">The file as uploaded.</param>
    /// <param name="format">How to read it; see <see cref="DetectFormat"/>.</param>
    /// <param name="limits">Size limits to enforce.</param>
    /// <returns>The rows, their label counts, the canonical CSV and its digest.</returns>
    /// <exception cref="DatasetFormatException">
    /// The file breaks a rule; <see cref="DatasetFormatException.Code"/> is one of <see cref="DatasetErrorCodes"/>.
    /// The first problem in file order is reported.
    /// </exception>
    public static ParsedDataset Parse(ReadOnlySpan<byte> content, DatasetFormat format, DatasetLimits limits)
    {
        var builder = new ParsedDatasetBuilder(limits);
        content = DatasetText.WithoutBom(content);
        DatasetText.EnsureValidUtf8(content);
        switch (format)
        {
            case DatasetFormat.Csv:
                CsvDatasetReader.Read(DatasetText.Decode(content), builder);
                break;
            case DatasetFormat.Jsonl:
                JsonlDatasetReader.Read(content, builder);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown dataset format.");
        }

        return builder.Build();
    }

    /// <summary>
    /// Picks the format from the upload's file name and content type. A recognised extension wins
    /// (<c>.csv</c>; <c>.jsonl</c>, <c>.ndjson</c>); otherwise the content type decides (<c>text/csv</c>;
    /// <c>application/x-ndjson</c>, <c>application/jsonl</c>, parameters such as <c>charset</c> ignored).
    /// Both are compared case-insensitively.
    /// </summary>
    /// <returns>The format, or <see langword="null"/> when neither is recognised (the upload is unsupported).</returns>
    public static DatasetFormat? DetectFormat(string? fileName, string? contentType) =>
        FromExtension(Path.GetExtension(fileName)) ?? FromContentType(contentType);

    private static DatasetFormat? FromExtension(ReadOnlySpan<char> extension) =>
        extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) ? DatasetFormat.Csv
        : extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase)
          || extension.Equals(".ndjson", StringComparison.OrdinalIgnoreCase) ? DatasetFormat.Jsonl
        : null;

    private static DatasetFormat? FromContentType(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        var mediaType = contentType.AsSpan();
        var parameters = mediaType.IndexOf(';');
        mediaType = (parameters < 0 ? mediaType : mediaType[..parameters]).Trim();
        return mediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) ? DatasetFormat.Csv
            : mediaType.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase)
              || mediaType.Equals("application/jsonl", StringComparison.OrdinalIgnoreCase) ? DatasetFormat.Jsonl
            : null;
    }
}
