namespace ModelMint.Domain.Datasets;

/// <summary>A dataset that passed every rule, with its canonical form and digest.</summary>
public sealed class ParsedDataset
{
    internal ParsedDataset(
        IReadOnlyList<DatasetRow> rows,
        IReadOnlyDictionary<string, int> labelCounts,
        byte[] normalizedContent,
        string digest,
        bool multiLabel)
    {
        Rows = rows;
        LabelCounts = labelCounts;
        NormalizedContent = normalizedContent;
        Digest = digest;
        MultiLabel = multiLabel;
    }

    /// <summary>
    /// Whether rows carry a set of labels (a CSV <c>labels</c> column or JSONL <c>labels</c> arrays) rather than one
    /// label each. Every row's <see cref="DatasetRow.MultiLabel"/> has this value.
    /// </summary>
    public bool MultiLabel { get; }

    /// <summary>
    /// The rows in file order, text and label trimmed and line breaks inside them turned into LF. In a multi-label
    /// dataset each row's <see cref="DatasetRow.Label"/> is its canonical label set; see <see cref="DatasetRow"/>.
    /// </summary>
    public IReadOnlyList<DatasetRow> Rows { get; }

    /// <summary>
    /// How many rows carry each label, enumerated in ordinal order of the label. In a multi-label dataset the keys
    /// are individual labels, a row counts once for each of its labels and a row with none counts nowhere, so the
    /// counts need not add up to the number of rows.
    /// </summary>
    public IReadOnlyDictionary<string, int> LabelCounts { get; }

    /// <summary>
    /// The rows as canonical CSV: UTF-8 without BOM, header <c>text,label</c> (or <c>text,labels</c> when
    /// <see cref="MultiLabel"/>, each label set written as its <see cref="DatasetRow.Label"/>), every record ended
    /// by LF, fields quoted only when they contain a comma, quote, CR or LF or start or end with a space. The same
    /// rows give the same bytes whatever format or line endings they were uploaded with, and parsing these bytes as
    /// <see cref="DatasetFormat.Csv"/> gives the same rows back, <see cref="MultiLabel"/> included.
    /// </summary>
    public byte[] NormalizedContent { get; }

    /// <summary>Lowercase hex SHA-256 of <see cref="NormalizedContent"/>: the dataset's content identity.</summary>
    public string Digest { get; }
}
