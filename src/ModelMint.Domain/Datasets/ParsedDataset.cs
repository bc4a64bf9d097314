namespace ModelMint.Domain.Datasets;

/// <summary>A dataset that passed every rule, with its canonical form and digest.</summary>
public sealed class ParsedDataset
{
    internal ParsedDataset(
        IReadOnlyList<DatasetRow> rows,
        IReadOnlyDictionary<string, int> labelCounts,
        byte[] normalizedContent,
        string digest)
    {
        Rows = rows;
        LabelCounts = labelCounts;
        NormalizedContent = normalizedContent;
        Digest = digest;
    }

    /// <summary>The rows in file order, text and label trimmed and line breaks inside them turned into LF.</summary>
    public IReadOnlyList<DatasetRow> Rows { get; }

    /// <summary>How many rows carry each label, enumerated in ordinal order of the label.</summary>
    public IReadOnlyDictionary<string, int> LabelCounts { get; }

    /// <summary>
    /// The rows as canonical CSV: UTF-8 without BOM, header <c>text,label</c>, every record ended by LF, fields
    /// quoted only when they contain a comma, quote, CR or LF or start or end with a space. The same rows give
    /// the same bytes whatever format or line endings they were uploaded with, and parsing these bytes as
    /// <see cref="DatasetFormat.Csv"/> gives the same rows back.
    /// </summary>
    public byte[] NormalizedContent { get; }

    /// <summary>Lowercase hex SHA-256 of <see cref="NormalizedContent"/>: the dataset's content identity.</summary>
    public string Digest { get; }
}
