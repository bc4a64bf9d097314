using ModelMint.Domain.Datasets;

namespace ModelMint.Domain.Tests.Datasets;

public class SharedDatasetTests
{
    [Theory]
    [InlineData("banking77/train.csv", 10003, 77)]
    [InlineData("banking77/test.csv", 3080, 77)]
    [InlineData("rt_polarity/train.csv", 8530, 2)]
    [InlineData("rt_polarity/test.csv", 2132, 2)]
    [InlineData("chnsenticorp_htl/train.csv", 6212, 2)]
    [InlineData("chnsenticorp_htl/test.csv", 1553, 2)]
    public void Parse_SharedDataset_HasPublishedRowAndLabelCounts(string path, int rows, int labels)
    {
        var dataset = DatasetParser.Parse(File.ReadAllBytes(SharedData.PathOf(path)), DatasetFormat.Csv);

        Assert.Equal(rows, dataset.Rows.Count);
        Assert.Equal(labels, dataset.LabelCounts.Count);
        Assert.Equal(rows, dataset.LabelCounts.Values.Sum());
    }

    [Theory]
    [InlineData("banking77/train.csv")]
    [InlineData("chnsenticorp_htl/train.csv")]
    public void NormalizedContent_OfSharedDataset_RoundTrips(string path)
    {
        var first = DatasetParser.Parse(File.ReadAllBytes(SharedData.PathOf(path)), DatasetFormat.Csv);

        var second = DatasetParser.Parse(first.NormalizedContent, DatasetFormat.Csv);

        Assert.Equal(first.Rows, second.Rows);
        Assert.Equal(first.Digest, second.Digest);
    }

    [Fact]
    public void Parse_Banking77Train_KeepsItsOneMultiLineText()
    {
        var dataset = DatasetParser.Parse(File.ReadAllBytes(SharedData.PathOf("banking77/train.csv")), DatasetFormat.Csv);

        Assert.Single(dataset.Rows, row => row.Text.Contains('\n', StringComparison.Ordinal));
        Assert.DoesNotContain(dataset.Rows, row => row.Text.Contains('\r', StringComparison.Ordinal));
        Assert.Contains("Refund_not_showing_up", dataset.LabelCounts.Keys);
    }
}
