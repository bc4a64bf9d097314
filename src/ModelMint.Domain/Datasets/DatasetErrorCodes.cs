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

    /// <summary>The CSV header, or a JSONL object, lacks a <c>text</c> or <c>label</c> column.</summary>
    public const string MissingColumn = "dataset-missing-column";

    /// <summary>A row cannot be read: bad quoting, wrong field count, duplicate column, or invalid JSON.</summary>
    public const string MalformedRow = "dataset-malformed-row";

    /// <summary>A row's text is blank after trimming.</summary>
    public const string EmptyText = "dataset-empty-text";

    /// <summary>A row's label is blank after trimming.</summary>
    public const string EmptyLabel = "dataset-empty-label";

    /// <summary>Every row has the same label; a classifier needs at least two.</summary>
    public const string SingleLabel = "dataset-single-label";

    /// <summary>More rows than <see cref="DatasetLimits.MaxRows"/>.</summary>
    public const string TooManyRows = "dataset-too-many-rows";

    /// <summary>A row's text is longer than <see cref="DatasetLimits.MaxTextLength"/>.</summary>
    public const string TextTooLong = "dataset-text-too-long";
}
