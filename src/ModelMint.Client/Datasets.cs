namespace ModelMint.Client;

/// <summary>An uploaded, validated training or test dataset.</summary>
/// <param name="Id">The dataset id.</param>
/// <param name="Name">The display name (the upload's file name unless one was given).</param>
/// <param name="Format">The file format the server detected: <c>csv</c> or <c>jsonl</c>.</param>
/// <param name="Rows">How many labelled examples the dataset holds.</param>
/// <param name="Labels">How many examples carry each label (for a multi-label dataset, rows may count towards several).</param>
/// <param name="Digest">The content digest, recorded in the lineage of every model trained on it.</param>
/// <param name="CreatedAt">When the dataset was uploaded (UTC).</param>
/// <param name="MultiLabel">Whether rows may carry several labels (a <c>labels</c> column); such data trains multi-label models.</param>
public sealed record Dataset(
    Guid Id,
    string Name,
    string Format,
    int Rows,
    IReadOnlyDictionary<string, int> Labels,
    string Digest,
    DateTimeOffset CreatedAt,
    bool MultiLabel = false);
