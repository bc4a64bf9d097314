using System.Text;
using ModelMint.Domain.Datasets;

namespace ModelMint.Domain.Tests.Datasets;

public class DatasetParserCsvTests
{
    [Theory]
    [InlineData("\"hello, world\"", "hello, world")]
    [InlineData("\"she said \"\"hi\"\"\"", "she said \"hi\"")]
    [InlineData("\"\"\"quoted\"\"\"", "\"quoted\"")]
    [InlineData("\"line one\nline two\"", "line one\nline two")]
    [InlineData("\"line one\r\nline two\"", "line one\nline two")]
    [InlineData("\"line one\rline two\"", "line one\nline two")]
    [InlineData("\"  padded inside quotes  \"", "padded inside quotes")]
    [InlineData("  padded without quotes\t", "padded without quotes")]
    [InlineData("\"a,\"\"b\"\",\nc\"", "a,\"b\",\nc")]
    [InlineData("plain 'single' quotes", "plain 'single' quotes")]
    public void Parse_QuotingEdgeCase_UnquotesText(string field, string expected)
    {
        var dataset = Upload.Csv($"text,label\n{field},a\nother,b\n");

        Assert.Equal(expected, dataset.Rows[0].Text);
        Assert.Equal("a", dataset.Rows[0].Label);
    }

    [Fact]
    public void Parse_QuotedFieldWithNewline_KeepsNewlineInText()
    {
        var dataset = Upload.Csv("text,label\n\"first\nsecond\",a\nnext,b\n");

        Assert.Equal([new DatasetRow("first\nsecond", "a"), new DatasetRow("next", "b")], dataset.Rows);
    }

    [Fact]
    public void Parse_ColumnsInAnyOrderWithExtras_ReadsTextAndLabelOnly()
    {
        var dataset = Upload.Csv("id, LABEL ,source,Text\n1,pos,web,great\n2,neg,\"a,b\",awful\n");

        Assert.Equal([new DatasetRow("great", "pos"), new DatasetRow("awful", "neg")], dataset.Rows);
    }

    [Fact]
    public void Parse_QuotedHeader_FindsColumns()
    {
        var dataset = Upload.Csv("\"text\",\"label\"\nhi,a\nyo,b\n");

        Assert.Equal(2, dataset.Rows.Count);
    }

    [Fact]
    public void Parse_LastRowWithoutLineBreak_IsRead()
    {
        var dataset = Upload.Csv("text,label\nhi,a\nyo,b");

        Assert.Equal(new DatasetRow("yo", "b"), dataset.Rows[^1]);
    }

    [Fact]
    public void Parse_LastRowQuotedWithoutLineBreak_IsRead()
    {
        var dataset = Upload.Csv("text,label\nhi,a\n\"yo\",\"b\"");

        Assert.Equal(new DatasetRow("yo", "b"), dataset.Rows[^1]);
    }

    [Fact]
    public void Parse_BlankLinesAnywhere_AreSkipped()
    {
        var dataset = Upload.Csv("\n\ntext,label\n\nhi,a\n   \r\n\nyo,b\n\n\n");

        Assert.Equal([new DatasetRow("hi", "a"), new DatasetRow("yo", "b")], dataset.Rows);
    }

    [Fact]
    public void Parse_ErrorAfterBlankLines_ReportsPhysicalLine()
    {
        var error = Assert.Throws<DatasetFormatException>(() => Upload.Csv("\ntext,label\n\nhi,a\n\n,b\n"));

        Assert.Equal(6, error.Line);
    }

    [Fact]
    public void Parse_Utf8Bom_IsIgnored()
    {
        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("text,label\nhi,a\nyo,b\n")).ToArray();

        var dataset = DatasetParser.Parse(withBom, DatasetFormat.Csv);

        Assert.Equal(new DatasetRow("hi", "a"), dataset.Rows[0]);
        Assert.Equal(Upload.Csv("text,label\nhi,a\nyo,b\n").Digest, dataset.Digest);
    }

    [Fact]
    public void Parse_ChineseText_KeepsCharactersAndCountsLabels()
    {
        var dataset = Upload.Csv("text,label\n\"房间很大，床有2M宽，整体感觉经济实惠不错!\",正面\n早餐太差,负面\n服务好,正面\n");

        Assert.Equal("房间很大，床有2M宽，整体感觉经济实惠不错!", dataset.Rows[0].Text);
        Assert.Equal(new Dictionary<string, int> { ["正面"] = 2, ["负面"] = 1 }, dataset.LabelCounts);
    }

    [Fact]
    public void Parse_IdeographicSpaceAroundText_IsTrimmed()
    {
        var dataset = Upload.Csv("text,label\n\u3000早餐太差\u3000,负面\n服务好,正面\n");

        Assert.Equal("早餐太差", dataset.Rows[0].Text);
    }

    [Fact]
    public void Parse_LabelsDifferingInCase_AreDistinctAndSortedOrdinally()
    {
        var dataset = Upload.Csv("text,label\na,b\nb,B\nc,a\nd,A\ne,b\n");

        Assert.Equal(["A", "B", "a", "b"], dataset.LabelCounts.Keys);
        Assert.Equal([1, 1, 1, 2], dataset.LabelCounts.Values);
    }

    [Fact]
    public void Parse_RowsKeepFileOrder()
    {
        var dataset = Upload.Csv("text,label\nz,2\ny,1\nx,2\n");

        Assert.Equal(["z", "y", "x"], dataset.Rows.Select(row => row.Text));
    }
}
