using System.Buffers;
using System.Collections.ObjectModel;
using System.Security.Cryptography;
using System.Text;

namespace ModelMint.Domain.Datasets;

/// <summary>
/// Collects rows from either reader, enforces the row-level rules and the limits, and produces the canonical
/// form. Both readers funnel through here so CSV and JSONL uploads of the same rows end up byte-identical. A file
/// is either single-label (<see cref="Add"/>) or multi-label (<see cref="AddLabelSet"/>); the readers never mix them.
/// </summary>
internal sealed class ParsedDatasetBuilder
{
    private const string Header = "text,label";
    private const string MultiLabelHeader = "text,labels";

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Comparison<LabelTally> ByLabel = static (x, y) => string.CompareOrdinal(x.Label, y.Label);

    private readonly DatasetLimits _limits;
    private readonly List<DatasetRow> _rows = [];
    private readonly Dictionary<string, LabelTally> _labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LabelTally>.AlternateLookup<ReadOnlySpan<char>> _labelsBySpan;
    private readonly Dictionary<string, string> _labelSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _labelSetsBySpan;
    private readonly List<LabelTally> _rowLabels = new(capacity: 8);
    private char[] _labelSetBuffer = [];
    private bool? _multiLabel;
    private long _charCount;

    public ParsedDatasetBuilder(DatasetLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxTextLength);
        _limits = limits;
        _labelsBySpan = _labels.GetAlternateLookup<ReadOnlySpan<char>>();
        _labelSetsBySpan = _labelSets.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Adds one single-label data row that starts on <paramref name="line"/>.</summary>
    public void Add(ReadOnlySpan<char> text, ReadOnlySpan<char> label, int line)
    {
        UseMode(multiLabel: false);
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

        var tally = TallyOf(label);
        tally.Count++;
        _rows.Add(new DatasetRow(text.ToString(), tally.Label));
        _charCount += text.Length + tally.Label.Length + 2;
    }

    /// <summary>
    /// Adds one multi-label data row that starts on <paramref name="line"/>. <paramref name="labels"/> holds the
    /// row's labels separated by <see cref="DatasetRow.LabelSeparator"/>, in any order, repeated, padded or empty;
    /// the row keeps the canonical set (parts trimmed, empty parts dropped, distinct, ordinal order).
    /// </summary>
    public void AddLabelSet(ReadOnlySpan<char> text, ReadOnlySpan<char> labels, int line)
    {
        UseMode(multiLabel: true);
        if (_rows.Count >= _limits.MaxRows)
        {
            throw DatasetErrors.TooManyRows(line, _limits.MaxRows);
        }

        text = NormalizeLineBreaks(text).Trim();
        if (text.IsEmpty)
        {
            throw DatasetErrors.EmptyText(line);
        }

        if (text.Length > _limits.MaxTextLength)
        {
            throw DatasetErrors.TextTooLong(line, text.Length, _limits.MaxTextLength);
        }

        var labelSet = CanonicalLabelSet(NormalizeLineBreaks(labels));
        _rows.Add(new DatasetRow(text.ToString(), labelSet) { MultiLabel = true });
        _charCount += text.Length + labelSet.Length + 2;
    }

    public ParsedDataset Build()
    {
        if (_rows.Count == 0)
        {
            throw DatasetErrors.NoRows();
        }

        if (_labels.Count < 2)
        {
            throw _multiLabel == true
                ? DatasetErrors.SingleLabelInLabelSets(_labels.Keys.FirstOrDefault(), _rows.Count)
                : DatasetErrors.SingleLabel(_rows[0].Label, _rows.Count);
        }

        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var tally in _labels.Values)
        {
            counts.Add(tally.Label, tally.Count);
        }

        var normalized = WriteCanonicalCsv();
        var digest = Convert.ToHexStringLower(SHA256.HashData(normalized));
        return new ParsedDataset(
            _rows.AsReadOnly(), new ReadOnlyDictionary<string, int>(counts), normalized, digest, _multiLabel == true);
    }

    private void UseMode(bool multiLabel)
    {
        _multiLabel ??= multiLabel;
        if (_multiLabel != multiLabel)
        {
            throw new InvalidOperationException("A reader mixed single-label and multi-label rows in one dataset.");
        }
    }

    /// <summary>The tally of <paramref name="label"/>, created on first sight with a count of zero.</summary>
    private LabelTally TallyOf(ReadOnlySpan<char> label)
    {
        // Labels repeat on every row; sharing one string per label keeps a million-row dataset small.
        if (!_labelsBySpan.TryGetValue(label, out var tally))
        {
            tally = new LabelTally(label.ToString());
            _labels.Add(tally.Label, tally);
        }

        return tally;
    }

    /// <summary>
    /// Counts each distinct label of the row once and returns the row's canonical, shared label-set string.
    /// Nothing here throws, so a label seen only in a rejected row is never left in the counts with zero.
    /// </summary>
    private string CanonicalLabelSet(ReadOnlySpan<char> labels)
    {
        _rowLabels.Clear();
        foreach (var range in labels.Split(DatasetRow.LabelSeparator))
        {
            var part = labels[range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }

            var tally = TallyOf(part);
            if (!_rowLabels.Contains(tally))
            {
                _rowLabels.Add(tally);
            }
        }

        foreach (var tally in _rowLabels)
        {
            tally.Count++;
        }

        switch (_rowLabels.Count)
        {
            case 0:
                return string.Empty;
            case 1:
                return _rowLabels[0].Label;
        }

        _rowLabels.Sort(ByLabel);
        var length = _rowLabels.Count - 1;
        foreach (var tally in _rowLabels)
        {
            length += tally.Label.Length;
        }

        if (_labelSetBuffer.Length < length)
        {
            _labelSetBuffer = new char[Math.Max(length, _labelSetBuffer.Length * 2)];
        }

        var joined = _labelSetBuffer.AsSpan(0, length);
        var position = 0;
        foreach (var tally in _rowLabels)
        {
            if (position > 0)
            {
                joined[position++] = DatasetRow.LabelSeparator;
            }

            tally.Label.CopyTo(joined[position..]);
            position += tally.Label.Length;
        }

        // Label sets repeat like labels do; share one string per distinct set.
        if (!_labelSetsBySpan.TryGetValue(joined, out var labelSet))
        {
            labelSet = joined.ToString();
            _labelSets.Add(labelSet, labelSet);
        }

        return labelSet;
    }

    private byte[] WriteCanonicalCsv()
    {
        var header = _multiLabel == true ? MultiLabelHeader : Header;
        var csv = new StringBuilder(capacity: (int)Math.Min(int.MaxValue / 2, _charCount + header.Length + 1 + (_rows.Count * 4L)));
        csv.Append(header).Append('\n');
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
