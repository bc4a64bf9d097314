using ModelMint.Domain.Datasets;

namespace ModelMint.Domain.Tests.Datasets;

public class DatasetParserJsonlTests
{
    [Fact]
    public void Parse_ObjectsPerLine_ReadsTextAndLabel()
    {
        var dataset = Upload.Jsonl("{\"text\":\"great\",\"label\":\"pos\"}\n{\"label\":\"neg\",\"text\":\"awful\"}\n");

        Assert.Equal([new DatasetRow("great", "pos"), new DatasetRow("awful", "neg")], dataset.Rows);
    }

    [Fact]
    public void Parse_ExtraPropertiesOfAnyShape_AreIgnored()
    {
        var dataset = Upload.Jsonl(
            "{\"id\":1,\"meta\":{\"text\":\"nested\",\"tags\":[1,{\"label\":\"x\"}]},\"text\":\"hi\",\"label\":\"a\",\"ok\":true}\n" +
            "{\"text\":\"yo\",\"label\":\"b\",\"none\":null}\n");

        Assert.Equal([new DatasetRow("hi", "a"), new DatasetRow("yo", "b")], dataset.Rows);
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("-2", "-2")]
    [InlineData("1.50", "1.50")]
    [InlineData("1e3", "1e3")]
    public void Parse_NumericLabel_IsTakenAsWritten(string json, string label)
    {
        var dataset = Upload.Jsonl($"{{\"text\":\"hi\",\"label\":{json}}}\n{{\"text\":\"yo\",\"label\":\"other\"}}\n");

        Assert.Equal(label, dataset.Rows[0].Label);
    }

    [Fact]
    public void Parse_EscapesInStrings_AreDecoded()
    {
        var dataset = Upload.Jsonl("{\"text\":\"say \\\"hi\\\",\\r\\nthen \\u00e9\\ud83d\\ude00\",\"label\":\"a\\tb\"}\n{\"text\":\"x\",\"label\":\"c\"}\n");

        Assert.Equal("say \"hi\",\nthen é😀", dataset.Rows[0].Text);
        Assert.Equal("a\tb", dataset.Rows[0].Label);
    }

    [Fact]
    public void Parse_BlankLinesAndCrlf_AreSkippedAndLinesCountedPhysically()
    {
        var error = Assert.Throws<DatasetFormatException>(
            () => Upload.Jsonl("\r\n{\"text\":\"hi\",\"label\":\"a\"}\r\n  \r\n{\"text\":\"\",\"label\":\"b\"}\r\n"));

        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Parse_LastLineWithoutLineBreak_IsRead()
    {
        var dataset = Upload.Jsonl("{\"text\":\"hi\",\"label\":\"a\"}\n{\"text\":\"yo\",\"label\":\"b\"}");

        Assert.Equal(2, dataset.Rows.Count);
    }

    [Fact]
    public void Parse_ChineseText_IsRead()
    {
        var dataset = Upload.Jsonl("{\"text\":\"早餐太差\",\"label\":\"负面\"}\n{\"text\":\"服务好\",\"label\":\"正面\"}\n");

        Assert.Equal(new DatasetRow("早餐太差", "负面"), dataset.Rows[0]);
    }

    [Fact]
    public void Parse_WhitespaceAroundObject_IsAllowed()
    {
        var dataset = Upload.Jsonl("  { \"text\" : \" hi \" , \"label\" : \"a\" }  \n\t{\"text\":\"yo\",\"label\":\"b\"}\n");

        Assert.Equal(new DatasetRow("hi", "a"), dataset.Rows[0]);
    }
}
