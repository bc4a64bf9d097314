namespace ModelMint.Domain.Datasets;

/// <summary>One labelled row of an uploaded dataset.</summary>
public sealed record DatasetRow(string Text, string Label);

/// <summary>The upload formats ModelMint understands.</summary>
public enum DatasetFormat
{
    /// <summary>RFC 4180 CSV with a header that has <c>text</c> and <c>label</c> columns.</summary>
    Csv,
    /// <summary>One JSON object per line with string <c>text</c> and <c>label</c> properties.</summary>
    Jsonl,
}
