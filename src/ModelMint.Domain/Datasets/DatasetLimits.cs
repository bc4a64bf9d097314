namespace ModelMint.Domain.Datasets;

/// <summary>Size limits an uploaded dataset must respect.</summary>
public sealed record DatasetLimits
{
    /// <summary>The limits used when none are configured.</summary>
    public static DatasetLimits Default { get; } = new();

    /// <summary>The most data rows a dataset may hold (the header does not count). Defaults to 1,000,000.</summary>
    public int MaxRows { get; init; } = 1_000_000;

    /// <summary>
    /// The longest a row's text may be, in UTF-16 chars after trimming. Defaults to 20,000.
    /// </summary>
    public int MaxTextLength { get; init; } = 20_000;
}
