using System.Text;
using ModelMint.Domain.Datasets;

namespace ModelMint.Domain.Tests.Datasets;

internal static class Upload
{
    public static ParsedDataset Csv(string content, DatasetLimits? limits = null) =>
        DatasetParser.Parse(Encoding.UTF8.GetBytes(content), DatasetFormat.Csv, limits ?? DatasetLimits.Default);

    public static ParsedDataset Jsonl(string content, DatasetLimits? limits = null) =>
        DatasetParser.Parse(Encoding.UTF8.GetBytes(content), DatasetFormat.Jsonl, limits ?? DatasetLimits.Default);

    public static ParsedDataset Parse(string content, DatasetFormat format, DatasetLimits? limits = null) =>
        format == DatasetFormat.Csv ? Csv(content, limits) : Jsonl(content, limits);

    /// <summary>Bytes where every char is one byte, to write invalid UTF-8 as a string: "\u00ff" is byte 0xFF.</summary>
    public static byte[] RawBytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    public static string Normalized(ParsedDataset dataset) => Encoding.UTF8.GetString(dataset.NormalizedContent);
}
