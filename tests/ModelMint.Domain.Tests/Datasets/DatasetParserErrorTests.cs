using ModelMint.Domain.Datasets;

namespace ModelMint.Domain.Tests.Datasets;

public class DatasetParserErrorTests
{
    [Theory]
    // dataset-empty
    [InlineData("", DatasetFormat.Csv, "dataset-empty", null)]
    [InlineData("\uFEFF", DatasetFormat.Csv, "dataset-empty", null)]
    [InlineData("\n\r\n  \n", DatasetFormat.Csv, "dataset-empty", null)]
    [InlineData("text,label\n", DatasetFormat.Csv, "dataset-empty", null)]
    [InlineData("text,label\r\n\r\n\r\n", DatasetFormat.Csv, "dataset-empty", null)]
    [InlineData("", DatasetFormat.Jsonl, "dataset-empty", null)]
    [InlineData("\n  \n\t\r\n", DatasetFormat.Jsonl, "dataset-empty", null)]
    // dataset-missing-column
    [InlineData("sentence,label\nhi,a\n", DatasetFormat.Csv, "dataset-missing-column", 1)]
    [InlineData("text,category\nhi,a\n", DatasetFormat.Csv, "dataset-missing-column", 1)]
    [InlineData("\n\ntext\nhi\n", DatasetFormat.Csv, "dataset-missing-column", 3)]
    [InlineData("text;label\nhi;a\n", DatasetFormat.Csv, "dataset-missing-column", 1)]
    [InlineData("{\"text\":\"hi\",\"label\":\"a\"}\n{\"text\":\"yo\"}\n", DatasetFormat.Jsonl, "dataset-missing-column", 2)]
    [InlineData("{\"label\":\"a\"}\n", DatasetFormat.Jsonl, "dataset-missing-column", 1)]
    [InlineData("{\"Text\":\"hi\",\"label\":\"a\"}\n", DatasetFormat.Jsonl, "dataset-missing-column", 1)]
    [InlineData("{}\n", DatasetFormat.Jsonl, "dataset-missing-column", 1)]
    // dataset-malformed-row: CSV quoting and shape
    [InlineData("text,label\n\"unterminated,a\nmore,b\n", DatasetFormat.Csv, "dataset-malformed-row", 2)]
    [InlineData("text,label\nok,a\nfine,b\n\"never closed", DatasetFormat.Csv, "dataset-malformed-row", 4)]
    [InlineData("text,label\nsay \"hi\",a\n", DatasetFormat.Csv, "dataset-malformed-row", 2)]
    [InlineData("text,label\n\"quoted\"tail,a\n", DatasetFormat.Csv, "dataset-malformed-row", 2)]
    [InlineData("text,label\n\"quoted\" ,a\n", DatasetFormat.Csv, "dataset-malformed-row", 2)]
    [InlineData("text,label\none,two,three\n", DatasetFormat.Csv, "dataset-malformed-row", 2)]
    [InlineData("text,label\nonly-one-field\n", DatasetFormat.Csv, "dataset-malformed-row", 2)]
    [InlineData("text,label\nhi,a,\n", DatasetFormat.Csv, "dataset-malformed-row", 2)]
    [InlineData("text,label\n\"spans\ntwo lines\",a\nthird,b,extra\n", DatasetFormat.Csv, "dataset-malformed-row", 4)]
    [InlineData("text,label\r\nok,a\r\n\"spans\r\ntwo\",b\r\nbad\"quote,c\r\n", DatasetFormat.Csv, "dataset-malformed-row", 5)]
    [InlineData("text,label,TEXT\nhi,a,b\n", DatasetFormat.Csv, "dataset-malformed-row", 1)]
    // dataset-malformed-row: JSONL
    [InlineData("{\"text\":\"hi\",\"label\":\"a\"}\n{\"text\":\"hi\",\"label\":}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 2)]
    [InlineData("{\"text\":\"hi\",\"label\":\"a\"\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{'text':'hi','label':'a'}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("[\"hi\",\"a\"]\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("\"hi\"\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"label\":\"a\"} {\"text\":\"yo\",\"label\":\"b\"}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"a\",\n\"label\":\"b\"}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":42,\"label\":\"a\"}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"label\":true}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"label\":[\"a\"]}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"text\":\"yo\",\"label\":\"a\"}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"\\ud800\",\"label\":\"a\"}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    // dataset-empty-text
    [InlineData("text,label\nhi,a\n   ,b\n", DatasetFormat.Csv, "dataset-empty-text", 3)]
    [InlineData("text,label\n\" \r\n \",b\n", DatasetFormat.Csv, "dataset-empty-text", 2)]
    [InlineData("label,text\nb,\n", DatasetFormat.Csv, "dataset-empty-text", 2)]
    [InlineData("{\"text\":\" \\t \",\"label\":\"a\"}\n", DatasetFormat.Jsonl, "dataset-empty-text", 1)]
    [InlineData("\n{\"text\":null,\"label\":\"a\"}\n", DatasetFormat.Jsonl, "dataset-empty-text", 2)]
    // dataset-empty-label
    [InlineData("text,label\nhi,\n", DatasetFormat.Csv, "dataset-empty-label", 2)]
    [InlineData("text,label\nhi,a\nyo,\"  \"\n", DatasetFormat.Csv, "dataset-empty-label", 3)]
    [InlineData("{\"text\":\"hi\",\"label\":\"\"}\n", DatasetFormat.Jsonl, "dataset-empty-label", 1)]
    [InlineData("{\"text\":\"hi\",\"label\":null}\n", DatasetFormat.Jsonl, "dataset-empty-label", 1)]
    // dataset-single-label
    [InlineData("text,label\nhi,a\nyo,a\n", DatasetFormat.Csv, "dataset-single-label", null)]
    [InlineData("text,label\nhi,a\nyo, a \n", DatasetFormat.Csv, "dataset-single-label", null)]
    [InlineData("{\"text\":\"hi\",\"label\":\"a\"}\n", DatasetFormat.Jsonl, "dataset-single-label", null)]
    [InlineData("{\"text\":\"hi\",\"label\":1}\n{\"text\":\"yo\",\"label\":\"1\"}\n", DatasetFormat.Jsonl, "dataset-single-label", null)]
    public void Parse_InvalidContent_ThrowsCodeAtLine(string content, DatasetFormat format, string code, int? line)
    {
        var error = Assert.Throws<DatasetFormatException>(() => Upload.Parse(content, format));

        Assert.Equal(code, error.Code);
        Assert.Equal(line, error.Line);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData("text,label\nhi,a\ncaf\u00e9,b\n", DatasetFormat.Csv, 3)]
    [InlineData("text,label\r\nhi,a\r\nyo,b\r\n\"multi\r\nline \u00ff\",c\r\n", DatasetFormat.Csv, 5)]
    [InlineData("text,label\rhi,a\rbad \u00c0\u00af,b\r", DatasetFormat.Csv, 3)]
    [InlineData("text,label\nsurrogate \u00ed\u00a0\u0080,a\n", DatasetFormat.Csv, 2)]
    [InlineData("text,label\nhi,a\ntruncated,\u00e4\u00b8", DatasetFormat.Csv, 3)]
    [InlineData("\u00ff\u00fet\u0000e\u0000x\u0000t\u0000", DatasetFormat.Csv, 1)]
    [InlineData("{\"text\":\"hi\",\"label\":\"a\"}\n{\"text\":\"\u0092\",\"label\":\"b\"}\n", DatasetFormat.Jsonl, 2)]
    public void Parse_InvalidUtf8_ReportsLineOfFirstBadByte(string latin1, DatasetFormat format, int line)
    {
        var error = Assert.Throws<DatasetFormatException>(() => DatasetParser.Parse(Upload.RawBytes(latin1), format));

        Assert.Equal(DatasetErrorCodes.InvalidUtf8, error.Code);
        Assert.Equal(line, error.Line);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatasetFormat.Csv, "text,label\n{0}\n")]
    [InlineData(DatasetFormat.Jsonl, "{0}\n")]
    public void Parse_MoreRowsThanLimit_ThrowsTooManyRowsAtFirstExtraRow(DatasetFormat format, string template)
    {
        var rows = format == DatasetFormat.Csv
            ? "one,a\ntwo,b\nthree,a"
            : "{\"text\":\"one\",\"label\":\"a\"}\n{\"text\":\"two\",\"label\":\"b\"}\n{\"text\":\"three\",\"label\":\"a\"}";
        var content = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, rows);

        var error = Assert.Throws<DatasetFormatException>(
            () => Upload.Parse(content, format, new DatasetLimits { MaxRows = 2 }));

        Assert.Equal(DatasetErrorCodes.TooManyRows, error.Code);
        Assert.Equal(format == DatasetFormat.Csv ? 4 : 3, error.Line);
        Assert.Contains("2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RowsExactlyAtLimit_Succeeds()
    {
        var dataset = Upload.Csv("text,label\none,a\ntwo,b\n", new DatasetLimits { MaxRows = 2 });

        Assert.Equal(2, dataset.Rows.Count);
    }

    [Theory]
    [InlineData("text,label\nshort,a\ntoo long,b\n", DatasetFormat.Csv, 3)]
    [InlineData("text,label\nshort,a\n\"line\nbreak\",b\n", DatasetFormat.Csv, 3)]
    [InlineData("{\"text\":\"short\",\"label\":\"a\"}\n{\"text\":\"too long\",\"label\":\"b\"}\n", DatasetFormat.Jsonl, 2)]
    public void Parse_TextOverLimit_ThrowsTextTooLongAtItsLine(string content, DatasetFormat format, int line)
    {
        var error = Assert.Throws<DatasetFormatException>(
            () => Upload.Parse(content, format, new DatasetLimits { MaxTextLength = 5 }));

        Assert.Equal(DatasetErrorCodes.TextTooLong, error.Code);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Parse_TextAtLimitAfterTrimming_Succeeds()
    {
        var dataset = Upload.Csv("text,label\n  12345  ,a\nabc,b\n", new DatasetLimits { MaxTextLength = 5 });

        Assert.Equal("12345", dataset.Rows[0].Text);
    }

    [Fact]
    public void Parse_MissingColumn_NamesTheColumnAndListsTheHeaderFound()
    {
        var error = Assert.Throws<DatasetFormatException>(() => Upload.Csv("Sentence, Category ,id\nhi,a,1\n"));

        Assert.Contains("'text' or 'label'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Sentence', 'Category', 'id'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SemicolonSeparatedHeader_HintsAtTheSeparator()
    {
        var error = Assert.Throws<DatasetFormatException>(() => Upload.Csv("text;label\nhi;a\n"));

        Assert.Contains("semicolons", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonlMissingProperty_ListsThePropertiesFound()
    {
        var error = Assert.Throws<DatasetFormatException>(
            () => Upload.Jsonl("{\"text\":\"hi\",\"category\":\"a\",\"meta\":{\"label\":\"nested\"}}\n"));

        Assert.Equal(DatasetErrorCodes.MissingColumn, error.Code);
        Assert.Contains("'label'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'text', 'category', 'meta'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidJson_MessageHasNoZeroBasedPositionSuffix()
    {
        var error = Assert.Throws<DatasetFormatException>(() => Upload.Jsonl("{\"text\":\"hi\",\"label\":}\n"));

        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Line 1 is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Utf16File_SaysItIsUtf16()
    {
        var error = Assert.Throws<DatasetFormatException>(
            () => DatasetParser.Parse(System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes("text,label\n")).ToArray(), DatasetFormat.Csv));

        Assert.Equal(DatasetErrorCodes.InvalidUtf8, error.Code);
        Assert.Contains("UTF-16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsTheFirstInFileOrder()
    {
        var error = Assert.Throws<DatasetFormatException>(() => Upload.Csv("text,label\nok,a\n,b\nbad\"quote,c\n"));

        Assert.Equal(DatasetErrorCodes.EmptyText, error.Code);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Parse_NonPositiveLimits_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Upload.Csv("text,label\na,b\n", new DatasetLimits { MaxRows = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Upload.Csv("text,label\na,b\n", new DatasetLimits { MaxTextLength = -1 }));
    }

    [Fact]
    public void ErrorCodes_AreKebabCaseAndDistinct()
    {
        var codes = typeof(DatasetErrorCodes).GetFields()
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(10, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, code => Assert.Matches("^dataset(-[a-z0-9]+)+$", code));
    }
}
