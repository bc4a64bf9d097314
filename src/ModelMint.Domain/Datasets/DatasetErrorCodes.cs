namespace ModelMint.Domain.Datasets;

/// <summary>
/// The stable codes of <see cref="DatasetFormatException"/>. Clients branch on these, so they never change;
/// the messages may.
/// </summary>
public static class DatasetErrorCodes
{
    /// <summary>No bytes, only blank lines, or a header with no data rows.</summary>
    public const string Empty = "dataset-empty";

    /// <summary>The file is not valid UTF-8.</summary>
    public const string InvalidUtf8 = "dataset-invalid-utf8";

    /// <summary>
    /// The CSV header, or a JSONL object, lacks a <c>text</c> column or a <c>label</c> (or <c>labels</c>) column.
    /// </summary>
    public const string MissingColumn = "dataset-missing-column";

    /// <summary>
    /// A row cannot be read: bad quoting, wrong field count, duplicate column, invalid JSON, a JSONL file mixing
    /// <c>label</c> and <c>labels</c>, or a JSONL multi-label item containing <see cref="DatasetRow.LabelSeparator"/>.
    /// </summary>
    public const string MalformedRow = "dataset-malformed-row";

    /// <summary>A row's text is blank after trimming.</summary>
    public const string EmptyText = "dataset-empty-text";

    /// <summary>A row's label is blank after trimming (single-label only; a multi-label row may have none).</summary>
    public const string EmptyLabel = "dataset-empty-label";

    /// <summary>
    /// Every row has the same label; a classifier needs at least two. In a multi-label dataset: fewer than two
    /// distinct labels across all rows, or no row with a label at all.
    /// </summary>
    public const string SingleLabel = "dataset-single-label";

    /// <summary>More rows than <see cref="DatasetLimits.MaxRows"/>.</summary>
    public const string TooManyRows = "dataset-too-many-rows";

    /// <summary>A row's text is longer than <see cref="DatasetLimits.MaxTextLength"/>.</summary>
    public const string TextTooLong = "dataset-text-too-long";

    /// <summary>
    /// The CSV header has both a <c>label</c> and a <c>labels</c> column, or a JSONL object both properties, so it
    /// is unclear whether the data is single-label or multi-label.
    /// </summary>
    public const string AmbiguousLabels = "dataset-ambiguous-labels";
}
