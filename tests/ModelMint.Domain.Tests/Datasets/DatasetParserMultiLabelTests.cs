using ModelMint.Domain.Datasets;

namespace ModelMint.Domain.Tests.Datasets;

public class DatasetParserMultiLabelTests
{
    private const string SampleCsv =
        "text,labels\n" +
        "plain text,sports|news\n" +
        "\"with, comma\",\" news | news |\"\n" +
        "no labels at all,\n" +
        "\"two\nlines\",\"a, b|x \"\"y\"\"\"\n" +
        "中文文本，含逗号,体育|新闻\n";

    private const string SampleJsonl =
        "{\"text\":\"plain text\",\"labels\":[\"news\",\"sports\"]}\n" +
        "{\"text\":\"with, comma\",\"labels\":[\"news\"]}\n" +
        "{\"text\":\"no labels at all\",\"labels\":[]}\n" +
        "{\"text\":\"two\\r\\nlines\",\"labels\":[\"x \\\"y\\\"\",\" a, b \",\"a, b\"]}\n" +
        "{\"text\":\"中文文本，含逗号\",\"labels\":[\"新闻\",\"体育\"]}\n";

    private const string SampleCanonical =
        "text,labels\n" +
        "plain text,news|sports\n" +
        "\"with, comma\",news\n" +
        "no labels at all,\n" +
        "\"two\nlines\",\"a, b|x \"\"y\"\"\"\n" +
        "中文文本，含逗号,体育|新闻\n";

    [Theory]
    [InlineData("a|b", "a|b")]
    [InlineData("b|a", "a|b")]
    [InlineData(" b | a ", "a|b")]
    [InlineData("a|b|a|b", "a|b")]
    [InlineData("|a||b|", "a|b")]
    [InlineData("B|b|A|a", "A|B|a|b")]
    [InlineData("single", "single")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("| |", "")]
    [InlineData("\"x, y|z\"", "x, y|z")]
    [InlineData("\"say \"\"hi\"\"|z\"", "say \"hi\"|z")]
    [InlineData("\"two\r\nlines | z\"", "two\nlines|z")]
    public void Parse_CsvLabelsColumn_TrimsDedupesAndSortsTheLabelSet(string field, string expected)
    {
        var dataset = Upload.Csv($"text,labels\nhi,{field}\nother,p|q\n");

        Assert.True(dataset.MultiLabel);
        Assert.Equal(expected, dataset.Rows[0].Label);
        Assert.True(dataset.Rows[0].MultiLabel);
    }

    [Theory]
    [InlineData("[\"a\",\"b\"]", "a|b")]
    [InlineData("[\"b\",\"a\"]", "a|b")]
    [InlineData("[\" b \",\"a\\t\"]", "a|b")]
    [InlineData("[\"a\",\"b\",\"a\"]", "a|b")]
    [InlineData("[\"a\",\"\",\"  \",null,\"b\"]", "a|b")]
    [InlineData("[\"B\",\"b\",\"A\",\"a\"]", "A|B|a|b")]
    [InlineData("[1,\"1\",2.50]", "1|2.50")]
    [InlineData("[\"x, y\",\"z\"]", "x, y|z")]
    [InlineData("[\"two\\r\\nlines\"]", "two\nlines")]
    [InlineData("[]", "")]
    [InlineData("[\"\"]", "")]
    [InlineData("null", "")]
    public void Parse_JsonlLabelsArray_TrimsDedupesAndSortsTheLabelSet(string json, string expected)
    {
        var dataset = Upload.Jsonl($"{{\"text\":\"hi\",\"labels\":{json}}}\n{{\"text\":\"other\",\"labels\":[\"p\",\"q\"]}}\n");

        Assert.True(dataset.MultiLabel);
        Assert.Equal(expected, dataset.Rows[0].Label);
        Assert.True(dataset.Rows[0].MultiLabel);
    }

    [Fact]
    public void Parse_CsvLabelsColumnInAnyOrderAndCase_IsMultiLabel()
    {
        var dataset = Upload.Csv("id, LABELS ,source,Text\n1,pos|short,web,great\n2,neg,\"a,b\",awful\n");

        Assert.True(dataset.MultiLabel);
        Assert.Equal(
            [new DatasetRow("great", "pos|short") { MultiLabel = true }, new DatasetRow("awful", "neg") { MultiLabel = true }],
            dataset.Rows);
    }

    [Fact]
    public void Parse_MultiLabel_CountsRowsPerIndividualLabel()
    {
        var dataset = Upload.Csv("text,labels\nr1,b|a\nr2,c|b\nr3,\nr4,b|b\nr5,B\n");

        Assert.Equal(["B", "a", "b", "c"], dataset.LabelCounts.Keys);
        Assert.Equal([1, 1, 3, 1], dataset.LabelCounts.Values);
        Assert.Equal(5, dataset.Rows.Count);
    }

    [Fact]
    public void Parse_SingleLabelData_IsNotMultiLabel()
    {
        var dataset = Upload.Csv("text,label\nhi,a\nyo,b\n");

        Assert.False(dataset.MultiLabel);
        Assert.All(dataset.Rows, row => Assert.False(row.MultiLabel));
    }

    [Theory]
    [InlineData("text,label\nhi,a|b\nyo,c\n", DatasetFormat.Csv)]
    [InlineData("{\"text\":\"hi\",\"label\":\"a|b\"}\n{\"text\":\"yo\",\"label\":\"c\"}\n", DatasetFormat.Jsonl)]
    public void Parse_SingleLabelContainingSeparator_StaysOneLabel(string content, DatasetFormat format)
    {
        var dataset = Upload.Parse(content, format);

        Assert.False(dataset.MultiLabel);
        Assert.Equal("a|b", dataset.Rows[0].Label);
        Assert.Equal(["a|b"], dataset.Rows[0].SplitLabels());
        Assert.Equal(["a|b", "c"], dataset.LabelCounts.Keys);
        Assert.StartsWith("text,label\n", Upload.Normalized(dataset), StringComparison.Ordinal);
    }

    public static TheoryData<DatasetRow, string[]> SplitLabelsCases => new()
    {
        { new DatasetRow("t", "a"), ["a"] },
        { new DatasetRow("t", "a|b"), ["a|b"] },
        { new DatasetRow("t", "a") { MultiLabel = true }, ["a"] },
        { new DatasetRow("t", "a|b") { MultiLabel = true }, ["a", "b"] },
        { new DatasetRow("t", "A|a|b|c") { MultiLabel = true }, ["A", "a", "b", "c"] },
        { new DatasetRow("t", "") { MultiLabel = true }, [] },
    };

    [Theory]
    [MemberData(nameof(SplitLabelsCases))]
    public void SplitLabels_ReturnsOneLabelForSingleLabelRowsAndTheSetForMultiLabelRows(DatasetRow row, string[] expected)
    {
        Assert.Equal(expected, row.SplitLabels());
    }

    [Fact]
    public void SplitLabels_OfParsedRows_GivesEachRowsDistinctLabelsInOrdinalOrder()
    {
        var dataset = Upload.Csv(SampleCsv);

        Assert.Equal<IEnumerable<string>>(
            [["news", "sports"], ["news"], [], ["a, b", "x \"y\""], ["体育", "新闻"]],
            dataset.Rows.Select(row => row.SplitLabels()));
    }

    [Fact]
    public void NormalizedContent_OfMultiLabelDataset_IsCanonicalCsvWithLabelsHeader()
    {
        var dataset = Upload.Csv(SampleCsv);

        Assert.Equal(SampleCanonical, Upload.Normalized(dataset));
    }

    [Fact]
    public void Digest_SameMultiLabelRowsAsCsvAndJsonl_AreTheSame()
    {
        var csv = Upload.Csv(SampleCsv.Replace("\n", "\r\n", StringComparison.Ordinal));
        var jsonl = Upload.Jsonl(SampleJsonl);

        Assert.Equal(csv.Rows, jsonl.Rows);
        Assert.Equal(csv.LabelCounts, jsonl.LabelCounts);
        Assert.Equal(csv.NormalizedContent, jsonl.NormalizedContent);
        Assert.Equal(csv.Digest, jsonl.Digest);
    }

    [Theory]
    [InlineData(DatasetFormat.Csv)]
    [InlineData(DatasetFormat.Jsonl)]
    public void NormalizedContent_OfMultiLabelDataset_ParsedAgainAsCsv_GivesSameRowsAndBytes(DatasetFormat format)
    {
        var first = Upload.Parse(format == DatasetFormat.Csv ? SampleCsv : SampleJsonl, format);

        var second = DatasetParser.Parse(first.NormalizedContent, DatasetFormat.Csv);

        Assert.True(second.MultiLabel);
        Assert.Equal(first.Rows, second.Rows);
        Assert.Equal(first.LabelCounts, second.LabelCounts);
        Assert.Equal(first.NormalizedContent, second.NormalizedContent);
        Assert.Equal(first.Digest, second.Digest);
    }

    [Fact]
    public void Digest_SameLabelsAsSingleLabelAndMultiLabel_Differ()
    {
        var single = Upload.Csv("text,label\nhi,a\nyo,b\n");
        var multi = Upload.Csv("text,labels\nhi,a\nyo,b\n");

        Assert.Equal(single.LabelCounts, multi.LabelCounts);
        Assert.NotEqual(single.Digest, multi.Digest);
    }

    [Theory]
    // dataset-ambiguous-labels
    [InlineData("text,label,labels\nhi,a,b\n", DatasetFormat.Csv, "dataset-ambiguous-labels", 1)]
    [InlineData("\n\n Labels ,text,LABEL\nb,hi,a\n", DatasetFormat.Csv, "dataset-ambiguous-labels", 3)]
    [InlineData("label,labels\na,b\n", DatasetFormat.Csv, "dataset-ambiguous-labels", 1)]
    [InlineData("{\"text\":\"hi\",\"label\":\"a\",\"labels\":[\"b\"]}\n", DatasetFormat.Jsonl, "dataset-ambiguous-labels", 1)]
    [InlineData("{\"text\":\"hi\",\"labels\":[\"a\"]}\n{\"labels\":[],\"label\":\"a\",\"text\":\"yo\"}\n", DatasetFormat.Jsonl, "dataset-ambiguous-labels", 2)]
    // dataset-malformed-row: a file mixing label and labels
    [InlineData("{\"text\":\"hi\",\"label\":\"a\"}\n\n{\"text\":\"yo\",\"labels\":[\"b\"]}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 3)]
    [InlineData("{\"text\":\"hi\",\"labels\":[\"a\",\"b\"]}\n{\"text\":\"yo\",\"label\":\"b\"}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 2)]
    [InlineData("{\"text\":\"hi\",\"labels\":[]}\n{\"text\":\"yo\",\"labels\":[\"a\"]}\n{\"text\":\"x\",\"label\":null}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 3)]
    // dataset-malformed-row: the labels value itself
    [InlineData("{\"text\":\"hi\",\"labels\":\"a|b\"}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"labels\":\"a\"}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"labels\":[true]}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"labels\":[[\"a\"]]}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"labels\":{\"a\":1}}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"labels\":[\"a\",\"b|c\"]}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"labels\":[\"a\"],\"labels\":[\"b\"]}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"labels\":[\"a\"}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("{\"text\":\"hi\",\"labels\":[\"a\",]}\n", DatasetFormat.Jsonl, "dataset-malformed-row", 1)]
    [InlineData("text,labels,LABELS\nhi,a,b\n", DatasetFormat.Csv, "dataset-malformed-row", 1)]
    [InlineData("text,labels\nhi,a|b,c\n", DatasetFormat.Csv, "dataset-malformed-row", 2)]
    // dataset-missing-column
    [InlineData("labels\na|b\n", DatasetFormat.Csv, "dataset-missing-column", 1)]
    [InlineData("{\"labels\":[\"a\"]}\n", DatasetFormat.Jsonl, "dataset-missing-column", 1)]
    [InlineData("{\"text\":\"hi\",\"labels\":[\"a\"]}\n{\"text\":\"yo\"}\n", DatasetFormat.Jsonl, "dataset-missing-column", 2)]
    // dataset-empty and dataset-empty-text
    [InlineData("text,labels\n", DatasetFormat.Csv, "dataset-empty", null)]
    [InlineData("text,labels\nhi,a\n  ,b\n", DatasetFormat.Csv, "dataset-empty-text", 3)]
    [InlineData("{\"text\":null,\"labels\":[\"a\"]}\n", DatasetFormat.Jsonl, "dataset-empty-text", 1)]
    // dataset-single-label: fewer than two distinct labels across the file
    [InlineData("text,labels\nhi,a\nyo,a|a\nno,\n", DatasetFormat.Csv, "dataset-single-label", null)]
    [InlineData("text,labels\nhi,\nyo,|\n", DatasetFormat.Csv, "dataset-single-label", null)]
    [InlineData("{\"text\":\"hi\",\"labels\":[\"a\"]}\n{\"text\":\"yo\",\"labels\":[]}\n", DatasetFormat.Jsonl, "dataset-single-label", null)]
    [InlineData("{\"text\":\"hi\",\"labels\":[]}\n", DatasetFormat.Jsonl, "dataset-single-label", null)]
    [InlineData("{\"text\":\"hi\",\"labels\":[1,\"1\"]}\n", DatasetFormat.Jsonl, "dataset-single-label", null)]
    public void Parse_InvalidMultiLabelContent_ThrowsCodeAtLine(string content, DatasetFormat format, string code, int? line)
    {
        var error = Assert.Throws<DatasetFormatException>(() => Upload.Parse(content, format));

        Assert.Equal(code, error.Code);
        Assert.Equal(line, error.Line);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData("text,label,labels\nhi,a,b\n", DatasetFormat.Csv, "Keep one")]
    [InlineData("{\"text\":\"hi\",\"label\":\"a\",\"labels\":[\"b\"]}\n", DatasetFormat.Jsonl, "Keep one")]
    [InlineData("{\"text\":\"hi\",\"label\":\"a\"}\n{\"text\":\"yo\",\"labels\":[\"b\"]}\n", DatasetFormat.Jsonl, "mixes 'label' and 'labels'")]
    [InlineData("{\"text\":\"hi\",\"labels\":[\"a\"]}\n{\"text\":\"yo\",\"label\":\"b\"}\n", DatasetFormat.Jsonl, "the first row, on line 1, has 'labels'")]
    [InlineData("{\"text\":\"hi\",\"labels\":[\"a\",\"b|c\"]}\n", DatasetFormat.Jsonl, "'b|c'")]
    [InlineData("Sentence,Category\nhi,a\n", DatasetFormat.Csv, "'labels'")]
    [InlineData("{\"text\":\"hi\",\"labels\":[\"a\"]}\n{\"text\":\"yo\",\"label_set\":[\"b\"]}\n", DatasetFormat.Jsonl, "no 'labels' property")]
    [InlineData("text,labels\nhi,a\nyo,a|a\n", DatasetFormat.Csv, "The only label across all 2 rows is 'a'")]
    [InlineData("text,labels\nhi,\nyo,\n", DatasetFormat.Csv, "None of the 2 rows has a label")]
    [InlineData("text,labels\nhi,\n", DatasetFormat.Csv, "The only row has no label")]
    public void Parse_InvalidMultiLabelContent_ExplainsTheProblem(string content, DatasetFormat format, string expected)
    {
        var error = Assert.Throws<DatasetFormatException>(() => Upload.Parse(content, format));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text,labels\none,a\ntwo,b\nthree,\n", DatasetFormat.Csv, 2, 100, "dataset-too-many-rows", 4)]
    [InlineData("{\"text\":\"one\",\"labels\":[]}\n{\"text\":\"two\",\"labels\":[\"a\"]}\n{\"text\":\"three\",\"labels\":[\"b\"]}\n", DatasetFormat.Jsonl, 2, 100, "dataset-too-many-rows", 3)]
    [InlineData("text,labels\nshort,a\ntoo long,b\n", DatasetFormat.Csv, 100, 5, "dataset-text-too-long", 3)]
    [InlineData("{\"text\":\"short\",\"labels\":[\"a\"]}\n{\"text\":\"too long\",\"labels\":[]}\n", DatasetFormat.Jsonl, 100, 5, "dataset-text-too-long", 2)]
    public void Parse_MultiLabelOverLimits_ThrowsAtTheFirstRowOverIt(
        string content, DatasetFormat format, int maxRows, int maxTextLength, string code, int line)
    {
        var error = Assert.Throws<DatasetFormatException>(
            () => Upload.Parse(content, format, new DatasetLimits { MaxRows = maxRows, MaxTextLength = maxTextLength }));

        Assert.Equal(code, error.Code);
        Assert.Equal(line, error.Line);
    }
}
