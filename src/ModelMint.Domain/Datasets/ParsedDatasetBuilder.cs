using System.Buffers;
using System.Collections.ObjectModel;
using System.Security.Cryptography;
using System.Text;

namespace ModelMint.Domain.Datasets;

/// <summary>
/// Collects rows from either reader, enforces the row-level rules and the limits, and produces the canonical
/// form. Both readers funnel through here so CSV and JSONL uploads of the same rows end up byte-identical.
/// </summary>
internal sealed class ParsedDatasetBuilder
{
    private const string Header = "text,label";

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly DatasetLimits _limits;
    private readonly List<DatasetRow> _rows = [];
    private readonly Dictionary<string, LabelTally> _labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LabelTally>.AlternateLookup<ReadOnlySpan<char>> _labelsBySpan;
    private long _charCount;

    public ParsedDatasetBuilder(DatasetLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxTextLength);
        _limits = limits;
        _labelsBySpan = _labels.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Adds one data row that starts on <paramref name="line"/>.</summary>
    public void Add(ReadOnlySpan<char> text, ReadOnlySpan<char> label, int line)
    {
        if (_rows.Count >= _limits.MaxRows)
        {
            throw DatasetErrors.TooManyRows(line, _limits.MaxRows);
        }

        text = NormalizeLineBreaks(text).Trim();
        label = NormalizeLineBreaks(label).Trim();
        if (text.IsEmpty)
        {
            throw DatasetErrors.EmptyText(line);
        }

        if (label.IsEmpty)
        {
            throw DatasetErrors.EmptyLabel(line);
        }

        if (text.Length > _limits.MaxTextLength)
        {
            throw DatasetErrors.TextTooLong(line, text.Length, _limits.MaxTextLength);
        }

        // Labels repeat on every row; sharing one string per label keeps a million-row dataset small.
        if (!_labelsBySpan.TryGetValue(label, out var tally))
        {
            tally = new LabelTally(label.ToString());
            _labels.Add(tally.Label, tally);
        }

        tally.Count++;
        _rows.Add(new DatasetRow(text.ToString(), tally.Label));
        _charCount += text.Length + tally.Label.Length + 2;
    }

    public ParsedDataset Build()
    {
        if (_rows.Count == 0)
        {
            throw DatasetErrors.NoRows();
        }

        if (_labels.Count < 2)
        {
            throw DatasetErrors.SingleLabel(_rows[0].Label, _rows.Count);
        }

        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var tally in _labels.Values)
        {
            counts.Add(tally.Label, tally.Count);
        }

        var normalized = WriteCanonicalCsv();
        var digest = Convert.ToHexStringLower(SHA256.HashData(normalized));
        return new ParsedDataset(_rows.AsReadOnly(), new ReadOnlyDictionary<string, int>(counts), normalized, digest);
    }

    private byte[] WriteCanonicalCsv()
    {
        var csv = new StringBuilder(capacity: (int)Math.Min(int.MaxValue / 2, _charCount + Header.Length + 1 + (_rows.Count * 4L)));
        csv.Append(Header).Append('\n');
        foreach (var row in _rows)
        {
            AppendField(csv, row.Text);
            csv.Append(',');
            AppendField(csv, row.Label);
            csv.Append('\n');
        }

        return StrictUtf8.GetBytes(csv.ToString());
    }

    private static void AppendField(StringBuilder csv, string value)
    {
        var needsQuotes = value.AsSpan().ContainsAny(NeedsQuotes)
            || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '));
        if (!needsQuotes)
        {
            csv.Append(value);
            return;
        }

        csv.Append('"');
        foreach (var c in value)
        {
            csv.Append(c);
            if (c == '"')
            {
                csv.Append('"');
            }
        }

        csv.Append('"');
    }

    /// <summary>
    /// CRLF and lone CR inside a value become LF, so a file's line-ending convention never changes its digest.
    /// </summary>
    private static ReadOnlySpan<char> NormalizeLineBreaks(ReadOnlySpan<char> value) =>
        value.Contains('\r')
            ? value.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : value;

    private sealed class LabelTally(string label)
    {
        public string Label { get; } = label;

        public int Count { get; set; }
    }
}
