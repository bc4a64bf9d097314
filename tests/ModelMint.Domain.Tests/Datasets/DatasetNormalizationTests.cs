using System.Security.Cryptography;
using System.Text;
using ModelMint.Domain.Datasets;

namespace ModelMint.Domain.Tests.Datasets;

public class DatasetNormalizationTests
{
    private const string Sample =
        "text,label\n" +
        "plain text,pos\n" +
        "\"with, comma\",neg\n" +
        "\"with \"\"quotes\"\"\",pos\n" +
        "\"two\nlines\",neg\n" +
        "  padded  ,\" spaced label \"\n" +
        "中文文本，含逗号,正面\n";

    private const string SampleCanonical =
        "text,label\n" +
        "plain text,pos\n" +
        "\"with, comma\",neg\n" +
        "\"with \"\"quotes\"\"\",pos\n" +
        "\"two\nlines\",neg\n" +
        "padded,spaced label\n" +
        "中文文本，含逗号,正面\n";

    private const string SampleJsonl =
        "{\"text\":\"plain text\",\"label\":\"pos\"}\n" +
        "{\"text\":\"with, comma\",\"label\":\"neg\"}\n" +
        "{\"text\":\"with \\\"quotes\\\"\",\"label\":\"pos\"}\n" +
        "{\"text\":\"two\\r\\nlines\",\"label\":\"neg\"}\n" +
        "{\"text\":\"  padded  \",\"label\":\" spaced label \"}\n" +
        "{\"text\":\"中文文本，含逗号\",\"label\":\"正面\"}\n";

    [Fact]
    public void NormalizedContent_IsCanonicalCsv()
    {
        var dataset = Upload.Csv(Sample);

        Assert.Equal(SampleCanonical, Upload.Normalized(dataset));
    }

    [Fact]
    public void NormalizedContent_HasNoBom()
    {
        var dataset = Upload.Csv("\uFEFF" + Sample);

        Assert.Equal((byte)'t', dataset.NormalizedContent[0]);
    }

    [Fact]
    public void Digest_IsLowercaseHexSha256OfNormalizedContent()
    {
        var dataset = Upload.Csv(Sample);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(dataset.NormalizedContent)), dataset.Digest);
        Assert.Matches("^[0-9a-f]{64}$", dataset.Digest);
    }

    [Fact]
    public void Digest_CrlfAndLf_AreTheSame()
    {
        var lf = Upload.Csv(Sample);
        var crlf = Upload.Csv(Sample.Replace("\n", "\r\n", StringComparison.Ordinal));
        var cr = Upload.Csv(Sample.Replace("\n", "\r", StringComparison.Ordinal));

        Assert.Equal(lf.Digest, crlf.Digest);
        Assert.Equal(lf.Digest, cr.Digest);
        Assert.Equal(lf.Rows, crlf.Rows);
    }

    [Fact]
    public void Digest_CsvAndJsonl_AreTheSame()
    {
        var csv = Upload.Csv(Sample);
        var jsonl = Upload.Jsonl(SampleJsonl);

        Assert.Equal(csv.Rows, jsonl.Rows);
        Assert.Equal(csv.NormalizedContent, jsonl.NormalizedContent);
        Assert.Equal(csv.Digest, jsonl.Digest);
    }

    [Fact]
    public void Digest_WithBomAndExtraColumnsAndBlankLines_IsTheSame()
    {
        var plain = Upload.Csv("text,label\nhi,a\nyo,b\n");
        var noisy = Upload.Csv("\uFEFFid,Label,TEXT\r\n1,a,  hi\r\n\r\n2,b,\"yo\"\r\n\r\n");

        Assert.Equal(plain.Digest, noisy.Digest);
    }

    [Fact]
    public void Digest_DifferentRowOrder_Differs()
    {
        Assert.NotEqual(Upload.Csv("text,label\nhi,a\nyo,b\n").Digest, Upload.Csv("text,label\nyo,b\nhi,a\n").Digest);
    }

    [Theory]
    [InlineData(DatasetFormat.Csv)]
    [InlineData(DatasetFormat.Jsonl)]
    public void NormalizedContent_ParsedAgainAsCsv_GivesSameRowsAndBytes(DatasetFormat format)
    {
        var first = Upload.Parse(format == DatasetFormat.Csv ? Sample : SampleJsonl, format);

        var second = DatasetParser.Parse(first.NormalizedContent, DatasetFormat.Csv);

        Assert.Equal(first.Rows, second.Rows);
        Assert.Equal(first.LabelCounts, second.LabelCounts);
        Assert.Equal(first.NormalizedContent, second.NormalizedContent);
        Assert.Equal(first.Digest, second.Digest);
    }

    [Fact]
    public void NormalizedContent_OfAwkwardValues_RoundTrips()
    {
        var jsonl = new StringBuilder();
        string[] texts = ["\"", "\"\"", ",", "a\"b", "x\ny\nz", "tab\tinside", "emoji 😀, and \"quote\"", "=1+2", "'single'"];
        foreach (var (text, index) in texts.Select((text, index) => (text, index)))
        {
            var escaped = System.Text.Json.JsonSerializer.Serialize(text);
            jsonl.Append($"{{\"text\":{escaped},\"label\":\"l{index % 2},\\\"{index}\\\"\"}}\n");
        }

        var first = Upload.Jsonl(jsonl.ToString());
        var second = DatasetParser.Parse(first.NormalizedContent, DatasetFormat.Csv);

        Assert.Equal(texts, first.Rows.Select(row => row.Text));
        Assert.Equal(first.Rows, second.Rows);
        Assert.Equal(first.Digest, second.Digest);
    }
}
