using System.Text;
using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.TestData;

/// <summary>Reads the shared <c>text,label</c> CSVs (RFC 4180: quoted fields, doubled quotes, CRLF or LF).</summary>
public static class CsvDataset
{
    public static IReadOnlyList<LabeledText> Read(string path)
    {
        var records = Parse(File.ReadAllText(path, Encoding.UTF8));
        if (records.Count == 0 || records[0] is not ["text", "label"])
        {
            throw new InvalidDataException($"{path}: expected the header 'text,label'.");
        }

        return [.. records.Skip(1).Select((r, i) => r.Count == 2 ? new LabeledText(r[0], r[1]) : throw new InvalidDataException($"{path}: record {i + 2} has {r.Count} fields."))];
    }

    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
