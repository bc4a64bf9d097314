using System.Text;
using System.Text.Json;

namespace ModelMint.Domain.Datasets;

/// <summary>
/// Reads JSON Lines: every line that is not blank holds one JSON object with a <c>text</c> string and a
/// <c>label</c>. Property names are case-sensitive, as JSON is; other properties are ignored. A label may be a
/// string or a number; a number is taken verbatim as written (<c>1</c> becomes "1", so <c>1</c> and
/// <c>1.0</c> are different labels). A <c>null</c> text or label counts as empty.
/// <para>
/// A <c>labels</c> array instead of <c>label</c> makes a row multi-label; its items follow the same rule (strings
/// or numbers, <c>null</c> counting as empty), and a <c>null</c> array means no labels. The first row decides
/// the kind for the whole file. An item containing <see cref="DatasetRow.LabelSeparator"/> is refused rather than
/// split, since it would read back from the canonical CSV as several labels.
/// </para>
/// </summary>
internal static class JsonlDatasetReader
{
    public static void Read(ReadOnlySpan<byte> content, ParsedDatasetBuilder builder)
    {
        var labelSet = new StringBuilder();
        FirstRow? firstRow = null;
        var line = 0;
        while (!content.IsEmpty)
        {
            line++;
            var lineBreak = content.IndexOfAny((byte)'\r', (byte)'\n');
            ReadOnlySpan<byte> current;
            if (lineBreak < 0)
            {
                current = content;
                content = default;
            }
            else
            {
                current = content[..lineBreak];
                var crlf = content[lineBreak] == '\r' && lineBreak + 1 < content.Length && content[lineBreak + 1] == '\n';
                content = content[(lineBreak + (crlf ? 2 : 1))..];
            }

            if (current.IndexOfAnyExcept(" \t"u8) >= 0)
            {
                ReadLine(current, line, builder, labelSet, ref firstRow);
            }
        }
    }

    /// <summary>
    /// Reads one non-blank line. <paramref name="labelSet"/> is scratch space for a <c>labels</c> array, reused
    /// across lines; <paramref name="firstRow"/> is set by the file's first row, whose kind every later row must match.
    /// </summary>
    private static void ReadLine(
        ReadOnlySpan<byte> json, int line, ParsedDatasetBuilder builder, StringBuilder labelSet, ref FirstRow? firstRow)
    {
        string? text = null;
        string? label = null;
        var hasText = false;
        var hasLabel = false;
        var hasLabels = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw DatasetErrors.NotAnObject(line);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("text"u8))
                {
                    hasText = hasText ? throw DatasetErrors.DuplicateProperty(line, "text") : true;
                    reader.Read();
                    text = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Null => null,
                        _ => throw DatasetErrors.WrongPropertyType(line, "text", "a string"),
                    };
                }
                else if (reader.ValueTextEquals("label"u8))
                {
                    hasLabel = hasLabel ? throw DatasetErrors.DuplicateProperty(line, "label") : true;
                    reader.Read();
                    label = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        JsonTokenType.Null => null,
                        _ => throw DatasetErrors.WrongPropertyType(line, "label", "a string or a number"),
                    };
                }
                else if (reader.ValueTextEquals("labels"u8))
                {
                    hasLabels = hasLabels ? throw DatasetErrors.DuplicateProperty(line, "labels") : true;
                    reader.Read();
                    ReadLabelSet(ref reader, line, labelSet);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // The object is closed; anything but whitespace after it is a second value on the same line.
            if (reader.Read())
            {
                throw DatasetErrors.InvalidJson(line, "there is more than one JSON value on the line.");
            }
        }
        catch (JsonException ex)
        {
            throw DatasetErrors.InvalidJson(line, Describe(ex));
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString refuses escapes that decode to a lone UTF-16 surrogate.
            throw DatasetErrors.InvalidJson(line, "a string contains an invalid \\u escape (a lone surrogate).");
        }

        if (hasLabel && hasLabels)
        {
            throw DatasetErrors.AmbiguousJsonLabels(line);
        }

        if (!hasText || !(hasLabel || hasLabels))
        {
            var missing = new List<string>(2);
            if (!hasText)
            {
                missing.Add("text");
            }

            if (!(hasLabel || hasLabels))
            {
                missing.Add(firstRow?.MultiLabel == true ? "labels" : "label");
            }

            throw DatasetErrors.MissingJsonProperties(line, missing, PropertyNames(json), firstRow?.MultiLabel);
        }

        firstRow ??= new FirstRow(line, hasLabels);
        if (firstRow.Value.MultiLabel != hasLabels)
        {
            throw DatasetErrors.MixedLabelKinds(line, hasLabels, firstRow.Value.Line);
        }

        if (hasLabels)
        {
            builder.AddLabelSet(text, labelSet.ToString(), line);
        }
        else
        {
            builder.Add(text, label, line);
        }
    }

    /// <summary>
    /// Reads the value of a <c>labels</c> property into <paramref name="labelSet"/> as its items joined by
    /// <see cref="DatasetRow.LabelSeparator"/>, the form <see cref="ParsedDatasetBuilder.AddLabelSet"/> takes.
    /// </summary>
    private static void ReadLabelSet(ref Utf8JsonReader reader, int line, StringBuilder labelSet)
    {
        labelSet.Clear();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw DatasetErrors.WrongLabelsType(line);
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var item = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.Null => string.Empty,
                _ => throw DatasetErrors.WrongLabelsType(line),
            };
            if (item.Contains(DatasetRow.LabelSeparator, StringComparison.Ordinal))
            {
                throw DatasetErrors.LabelContainsSeparator(line, item);
            }

            labelSet.Append(item).Append(DatasetRow.LabelSeparator);
        }
    }

    private static List<string> PropertyNames(ReadOnlySpan<byte> json)
    {
        var names = new List<string>();
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                names.Add(reader.GetString()!);
            }
        }

        return names;
    }

    /// <summary>Where a file's first row is and whether it is multi-label; every later row must match.</summary>
    private readonly record struct FirstRow(int Line, bool MultiLabel);

    /// <summary>System.Text.Json's message without its position suffix, which counts from zero within the line.</summary>
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return suffix > 0 ? message[..suffix] : message;
    }
}
