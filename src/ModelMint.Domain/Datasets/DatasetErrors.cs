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
            $"Name the column holding the example text 'text' and the one holding its class 'label'.{hint}",
            line);
    }

    public static DatasetFormatException MissingJsonProperties(int line, IReadOnlyList<string> missing, IReadOnlyList<string> found) => new(
        DatasetErrorCodes.MissingColumn,
        $"The object on line {line} has no {Quote(missing, " or ")} property. Properties found: " +
        $"{(found.Count == 0 ? "none" : Quote(found, ", "))}. Give every line both properties, e.g. " +
        "{\"text\": \"I love it\", \"label\": \"positive\"}.",
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

    private static string Quote(IEnumerable<string> names, string separator) =>
        string.Join(separator, names.Select(name => $"'{name}'"));
}
