using System.Buffers;

namespace ModelMint.Domain.Datasets;

/// <summary>
/// Reads RFC 4180 CSV: quoted fields with doubled quotes, commas and line breaks inside quotes, records ended by
/// CRLF, LF or a lone CR. Strict where the RFC is: a quote inside an unquoted field, anything but a separator
/// after a closing quote, or a record whose field count differs from the header's is a malformed row. Records
/// that are empty or whitespace only (typically trailing blank lines) are skipped. A <c>labels</c> column instead
/// of <c>label</c> makes the file multi-label: each value lists the row's labels separated by
/// <see cref="DatasetRow.LabelSeparator"/>.
/// </summary>
internal sealed class CsvDatasetReader
{
    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\r\n");

    private readonly string _source;
    private int _position;
    private int _line = 1;

    private CsvDatasetReader(string source) => _source = source;

    public static void Read(string source, ParsedDatasetBuilder builder)
    {
        var reader = new CsvDatasetReader(source);
        var fields = new List<CsvField>(capacity: 8);
        int? textColumn = null;
        var labelColumn = -1;
        var multiLabel = false;
        var columnCount = 0;

        while (reader.TryReadRecord(fields, out var line))
        {
            if (reader.IsBlank(fields))
            {
                continue;
            }

            if (textColumn is null)
            {
                (textColumn, labelColumn, multiLabel) = reader.FindColumns(fields, line);
                columnCount = fields.Count;
                continue;
            }

            if (fields.Count != columnCount)
            {
                throw DatasetErrors.WrongFieldCount(line, fields.Count, columnCount);
            }

            var text = reader.Value(fields[textColumn.Value]);
            var label = reader.Value(fields[labelColumn]);
            if (multiLabel)
            {
                builder.AddLabelSet(text, label, line);
            }
            else
            {
                builder.Add(text, label, line);
            }
        }
    }

    private (int Text, int Label, bool MultiLabel) FindColumns(List<CsvField> header, int line)
    {
        int? text = null;
        int? label = null;
        int? labels = null;
        var names = new List<string>(header.Count);
        for (var i = 0; i < header.Count; i++)
        {
            var name = Value(header[i]).Trim().ToString();
            names.Add(name);
            if (name.Equals("text", StringComparison.OrdinalIgnoreCase))
            {
                text = text is null ? i : throw DatasetErrors.DuplicateColumn(line, "text");
            }
            else if (name.Equals("label", StringComparison.OrdinalIgnoreCase))
            {
                label = label is null ? i : throw DatasetErrors.DuplicateColumn(line, "label");
            }
            else if (name.Equals("labels", StringComparison.OrdinalIgnoreCase))
            {
                labels = labels is null ? i : throw DatasetErrors.DuplicateColumn(line, "labels");
            }
        }

        if (label is not null && labels is not null)
        {
            throw DatasetErrors.AmbiguousCsvLabels(line);
        }

        label ??= labels;
        if (text is null || label is null)
        {
            var missing = new List<string>(2);
            if (text is null)
            {
                missing.Add("text");
            }

            if (label is null)
            {
                missing.Add("label");
            }

            throw DatasetErrors.MissingCsvColumns(line, missing, names);
        }

        return (text.Value, label.Value, labels is not null);
    }

    private bool IsBlank(List<CsvField> fields) =>
        fields.Count == 1 && !fields[0].Quoted && Value(fields[0]).IsWhiteSpace();

    private ReadOnlySpan<char> Value(CsvField field)
    {
        var raw = _source.AsSpan(field.Start, field.Length);
        return field.HasDoubledQuotes ? raw.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : raw;
    }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the input.</summary>
    private bool TryReadRecord(List<CsvField> fields, out int startLine)
    {
        fields.Clear();
        startLine = _line;
        if (_position >= _source.Length)
        {
            return false;
        }

        while (true)
        {
            fields.Add(_position < _source.Length && _source[_position] == '"' ? ReadQuoted() : ReadUnquoted());
            if (_position >= _source.Length)
            {
                return true;
            }

            if (_source[_position] == ',')
            {
                _position++;
                continue;
            }

            // Both field readers stop only at a comma, a line break or the end.
            ConsumeLineBreak();
            return true;
        }
    }

    private CsvField ReadUnquoted()
    {
        var start = _position;
        var length = _source.AsSpan(start).IndexOfAny(UnquotedStops);
        var end = length < 0 ? _source.Length : start + length;
        if (end < _source.Length && _source[end] == '"')
        {
            throw DatasetErrors.StrayQuote(_line);
        }

        _position = end;
        return new CsvField(start, end - start, Quoted: false, HasDoubledQuotes: false);
    }

    private CsvField ReadQuoted()
    {
        var openingLine = _line;
        var start = ++_position;
        var hasDoubledQuotes = false;
        while (true)
        {
            var offset = _source.AsSpan(_position).IndexOfAny(QuotedStops);
            if (offset < 0)
            {
                throw DatasetErrors.UnterminatedQuote(openingLine);
            }

            _position += offset;
            if (_source[_position] != '"')
            {
                // A line break inside quotes belongs to the value but still starts a new physical line.
                ConsumeLineBreak();
                continue;
            }

            if (_position + 1 < _source.Length && _source[_position + 1] == '"')
            {
                hasDoubledQuotes = true;
                _position += 2;
                continue;
            }

            var end = _position++;
            if (_position < _source.Length && _source[_position] is not (',' or '\r' or '\n'))
            {
                throw DatasetErrors.TextAfterClosingQuote(_line);
            }

            return new CsvField(start, end - start, Quoted: true, hasDoubledQuotes);
        }
    }

    private void ConsumeLineBreak()
    {
        if (_source[_position] == '\r' && _position + 1 < _source.Length && _source[_position + 1] == '\n')
        {
            _position++;
        }

        _position++;
        _line++;
    }

    /// <summary>A field's raw extent in the source, without its surrounding quotes.</summary>
    private readonly record struct CsvField(int Start, int Length, bool Quoted, bool HasDoubledQuotes);
}
