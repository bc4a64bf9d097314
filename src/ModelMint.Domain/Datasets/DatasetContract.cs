namespace ModelMint.Domain.Datasets;

/// <summary>
/// One labelled row of an uploaded dataset. In a single-label dataset <see cref="Label"/> is the row's one label;
/// in a multi-label dataset (<see cref="MultiLabel"/>) it is the row's canonical label set: its distinct labels
/// sorted ordinally and joined by <see cref="LabelSeparator"/> (<c>a|b</c>), or the empty string when none apply.
/// Use <see cref="SplitLabels"/> to read the labels of either kind of row.
/// </summary>
/// <param name="Text">The example text, trimmed, line breaks inside it turned into LF.</param>
/// <param name="Label">The label, or for a multi-label row the joined label set.</param>
public sealed record DatasetRow(string Text, string Label)
{
    /// <summary>
    /// Separates the labels in a multi-label row's <see cref="Label"/> and in a CSV <c>labels</c> column, so a
    /// label of a multi-label dataset never contains it. Single-label labels may.
    /// </summary>
    public const char LabelSeparator = '|';

    /// <summary>
    /// Whether <see cref="Label"/> is a label set joined by <see cref="LabelSeparator"/> rather than one label;
    /// the same for every row of a dataset (<see cref="ParsedDataset.MultiLabel"/>).
    /// </summary>
    public bool MultiLabel { get; init; }

    /// <summary>
    /// The row's labels as a new list: for a single-label row the one <see cref="Label"/>, even if it contains
    /// <see cref="LabelSeparator"/>; for a multi-label row the parts of <see cref="Label"/> between separators
    /// (empty parts dropped), so the parser's rows give their distinct labels in ordinal order and an empty list
    /// when none apply.
    /// </summary>
    public IReadOnlyList<string> SplitLabels() =>
        !MultiLabel ? [Label]
        : Label.Length == 0 ? []
        : Label.Split(LabelSeparator, StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>The upload formats ModelMint understands.</summary>
public enum DatasetFormat
{
    /// <summary>
    /// RFC 4180 CSV with a header that has a <c>text</c> column and either a <c>label</c> column or, for
    /// multi-label data, a <c>labels</c> column whose values list labels separated by <c>|</c>.
    /// </summary>
    Csv,
    /// <summary>
    /// One JSON object per line with a string <c>text</c> and either a <c>label</c> string or, on every line of
    /// multi-label data, a <c>labels</c> array of strings.
    /// </summary>
    Jsonl,
}
