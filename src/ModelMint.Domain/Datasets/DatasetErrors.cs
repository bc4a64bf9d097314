namespace ModelMint.Domain.Datasets;

/// <summary>Builds every <see cref="DatasetFormatException"/>, so wording stays consistent in one place.</summary>
internal static class DatasetErrors
{
    public static DatasetFormatException NoRows() => new(
        DatasetErrorCodes.Empty,
        "The dataset has no data rows. Upload a CSV file with a 'text,label' header followed by one row per " +
        "example, or a JSONL file with one {\"text\": ..., \"label\": ...} object per line.");

    public static DatasetFormatException InvalidUtf8(int line, long byteOffset, bool looksLikeUtf16) => new(
        DatasetErrorCodes.InvalidUtf8,
        looksLikeUtf16
            ? "The file is encoded as UTF-16, not UTF-8. Save it again as UTF-8 (in Excel: 'CSV UTF-8')."
            : $"Line {line} contains bytes that are not valid UTF-8 (byte offset {byteOffset}). Save the file " +
              "as UTF-8 (in Excel: 'CSV UTF-8'); files saved as Latin-1 or Windows-1252 fail this way.",
        line);

    public static DatasetFormatException MissingCsvColumns(int line, IReadOnlyList<string> missing, IReadOnlyList<string> found)
    {
        var hint = found.Any(name => name.Contains(';', StringComparison.Ordinal) || name.Contains('\t', StringComparison.Ordinal))
            ? " The header looks separated by semicolons or tabs; save the file with commas as separators."
            : string.Empty;
        return new(
            DatasetErrorCodes.MissingColumn,
            $"The header on line {line} has no {Quote(missing, " or ")} column. Columns found: {Quote(found, ", ")}. " +
            "Name the column holding the example text 'text' and the one holding its class 'label' (or 'labels', " +
            $"with the classes separated by '|', when a row can have several).{hint}",
            line);
    }

    /// <summary>
    /// <paramref name="multiLabel"/> says whether earlier rows use <c>labels</c> (<see langword="null"/> before the
    /// first row) and picks the example shown.
    /// </summary>
    public static DatasetFormatException MissingJsonProperties(
        int line, IReadOnlyList<string> missing, IReadOnlyList<string> found, bool? multiLabel) => new(
        DatasetErrorCodes.MissingColumn,
        $"The object on line {line} has no {Quote(missing, " or ")} property. Properties found: " +
        $"{(found.Count == 0 ? "none" : Quote(found, ", "))}. Give every line both properties, e.g. " +
        (multiLabel switch
        {
            true => "{\"text\": \"I love it\", \"labels\": [\"positive\", \"short\"]}.",
            false => "{\"text\": \"I love it\", \"label\": \"positive\"}.",
            null => "{\"text\": \"I love it\", \"label\": \"positive\"}, or with several classes per row " +
                    "{\"text\": \"I love it\", \"labels\": [\"positive\", \"short\"]}.",
        }),
        line);

    public static DatasetFormatException AmbiguousCsvLabels(int line) => new(
        DatasetErrorCodes.AmbiguousLabels,
        $"The header on line {line} has both a 'label' and a 'labels' column. Keep one: 'label' for one class per " +
        "row, or 'labels' for several classes per row separated by '|'. Rename or remove the other.",
        line);

    public static DatasetFormatException AmbiguousJsonLabels(int line) => new(
        DatasetErrorCodes.AmbiguousLabels,
        $"The object on line {line} has both a 'label' and a 'labels' property. Keep one: \"label\": \"positive\" " +
        "for one class, or \"labels\": [\"positive\", \"short\"] for several.",
        line);

    public static DatasetFormatException MixedLabelKinds(int line, bool lineIsMultiLabel, int firstRowLine)
    {
        var (used, earlier) = lineIsMultiLabel ? ("labels", "label") : ("label", "labels");
        return new(
            DatasetErrorCodes.MalformedRow,
            $"The object on line {line} has '{used}' but the first row, on line {firstRowLine}, has '{earlier}': the " +
            "file mixes 'label' and 'labels'. Use 'label' with one class on every line, or 'labels' on every line " +
            "(write [\"positive\"] for one class and [] for none).",
            line);
    }

    public static DatasetFormatException WrongLabelsType(int line) => new(
        DatasetErrorCodes.MalformedRow,
        $"The 'labels' property on line {line} is not an array of labels (strings or numbers). Write it as an " +
        "array, e.g. \"labels\": [\"positive\", \"short\"], or [] when none apply.",
        line);

    public static DatasetFormatException LabelContainsSeparator(int line, string label) => new(
        DatasetErrorCodes.MalformedRow,
        $"The label '{label}' in 'labels' on line {line} contains '|', which separates labels in multi-label data. " +
        "Give each label as its own array item, or rename the label.",
        line);

    public static DatasetFormatException DuplicateColumn(int line, string column) => new(
        DatasetErrorCodes.MalformedRow,
        $"The header on line {line} has more than one '{column}' column. Keep one and rename or remove the others.",
        line);

    public static DatasetFormatException DuplicateProperty(int line, string property) => new(
        DatasetErrorCodes.MalformedRow,
        $"The object on line {line} has the '{property}' property more than once. Keep only one.",
        line);

    public static DatasetFormatException UnterminatedQuote(int line) => new(
        DatasetErrorCodes.MalformedRow,
        $"A quoted field that starts on line {line} is never closed. Add the missing closing quote (\"), and " +
        "write every quote inside a quoted field twice (\"\").",
        line);

    public static DatasetFormatException StrayQuote(int line) => new(
        DatasetErrorCodes.MalformedRow,
        $"Line {line} has a quote (\") inside a field that does not start with one. Wrap the whole field in " +
        "quotes and write the inner quotes twice, e.g. \"she said \"\"hi\"\"\".",
        line);

    public static DatasetFormatException TextAfterClosingQuote(int line) => new(
        DatasetErrorCodes.MalformedRow,
        $"Line {line} has characters right after the closing quote of a field. Put a comma or line break after " +
        "the closing quote, and write quotes inside a quoted field twice (\"\").",
        line);

    public static DatasetFormatException WrongFieldCount(int line, int found, int expected) => new(
        DatasetErrorCodes.MalformedRow,
        $"Line {line} has {found} field{(found == 1 ? "" : "s")} but the header has {expected}. Quote fields " +
        "that contain commas (\"like, this\") and give every row one value per header column.",
        line);

    public static DatasetFormatException InvalidJson(int line, string detail) => new(
        DatasetErrorCodes.MalformedRow,
        $"Line {line} is not valid JSON: {detail} Write one complete JSON object per line, e.g. " +
        "{\"text\": \"I love it\", \"label\": \"positive\"}.",
        line);

    public static DatasetFormatException NotAnObject(int line) => new(
        DatasetErrorCodes.MalformedRow,
        $"Line {line} is not a JSON object. Write one object per line, e.g. " +
        "{\"text\": \"I love it\", \"label\": \"positive\"}.",
        line);

    public static DatasetFormatException WrongPropertyType(int line, string property, string expected) => new(
        DatasetErrorCodes.MalformedRow,
        $"The '{property}' property on line {line} is not {expected}. Write it as {expected}, e.g. \"{property}\": \"...\".",
        line);

    public static DatasetFormatException EmptyText(int line) => new(
        DatasetErrorCodes.EmptyText,
        $"The text on line {line} is empty. Fill it in or remove the row.",
        line);

    public static DatasetFormatException EmptyLabel(int line) => new(
        DatasetErrorCodes.EmptyLabel,
        $"The label on line {line} is empty. Give the row its class or remove it.",
        line);

    public static DatasetFormatException TextTooLong(int line, int length, int maxLength) => new(
        DatasetErrorCodes.TextTooLong,
        $"The text on line {line} is {length:N0} characters long; the limit is {maxLength:N0}. Shorten it or " +
        "split it into several rows.",
        line);

    public static DatasetFormatException TooManyRows(int line, int maxRows) => new(
        DatasetErrorCodes.TooManyRows,
        $"The dataset has more than {maxRows:N0} rows (the first one over the limit is on line {line}). Upload " +
        "a sample of at most that many rows, or split the data into several datasets.",
        line);

    public static DatasetFormatException SingleLabel(string label, int rows) => new(
        DatasetErrorCodes.SingleLabel,
        $"All {rows:N0} row{(rows == 1 ? "" : "s")} have the label '{label}'. A classifier needs at least two " +
        "different labels; add rows for the other classes.");

    /// <summary>
    /// A multi-label dataset with <paramref name="label"/> as its only label, or with no label at all when it is
    /// <see langword="null"/>.
    /// </summary>
    public static DatasetFormatException SingleLabelInLabelSets(string? label, int rows) => new(
        DatasetErrorCodes.SingleLabel,
        label is null
            ? $"{(rows == 1 ? "The only row has no label" : $"None of the {rows:N0} rows has a label")}. A " +
              "multi-label classifier needs at least two different labels; list each row's classes in 'labels' " +
              "(separated by '|' in CSV)."
            : $"The only label across all {rows:N0} row{(rows == 1 ? "" : "s")} is '{label}'. A multi-label " +
              "classifier needs at least two different labels; add the other classes to the rows they apply to.");

    private static string Quote(IEnumerable<string> names, string separator) =>
        string.Join(separator, names.Select(name => $"'{name}'"));
}
