using ModelMint.Domain.Datasets;

namespace ModelMint.Domain.Tests.Datasets;

public class DatasetFormatDetectionTests
{
    [Theory]
    [InlineData("train.csv", null, DatasetFormat.Csv)]
    [InlineData("TRAIN.CSV", null, DatasetFormat.Csv)]
    [InlineData("train.jsonl", null, DatasetFormat.Jsonl)]
    [InlineData("train.ndjson", null, DatasetFormat.Jsonl)]
    [InlineData("dir/sub/train.NDJSON", null, DatasetFormat.Jsonl)]
    [InlineData(null, "text/csv", DatasetFormat.Csv)]
    [InlineData(null, "Text/CSV; charset=utf-8", DatasetFormat.Csv)]
    [InlineData(null, "application/x-ndjson", DatasetFormat.Jsonl)]
    [InlineData(null, "application/jsonl", DatasetFormat.Jsonl)]
    [InlineData("", " application/jsonl ; charset=UTF-8", DatasetFormat.Jsonl)]
    [InlineData("upload", "text/csv", DatasetFormat.Csv)]
    [InlineData("data.txt", "application/x-ndjson", DatasetFormat.Jsonl)]
    [InlineData("train.csv", "application/x-ndjson", DatasetFormat.Csv)]
    [InlineData("train.jsonl", "text/csv", DatasetFormat.Jsonl)]
    [InlineData("train.csv", "application/vnd.ms-excel", DatasetFormat.Csv)]
    [InlineData("train.csv", "application/octet-stream", DatasetFormat.Csv)]
    public void DetectFormat_KnownExtensionOrContentType_ReturnsFormat(string? fileName, string? contentType, DatasetFormat expected)
    {
        Assert.Equal(expected, DatasetParser.DetectFormat(fileName, contentType));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("train.xlsx", null)]
    [InlineData("train.json", "application/json")]
    [InlineData("train.csv.gz", "application/gzip")]
    [InlineData("csv", "text/plain")]
    [InlineData(null, "text/csvx")]
    public void DetectFormat_Unrecognised_ReturnsNull(string? fileName, string? contentType)
    {
        Assert.Null(DatasetParser.DetectFormat(fileName, contentType));
    }
}
