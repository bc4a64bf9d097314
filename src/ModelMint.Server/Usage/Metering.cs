namespace ModelMint.Server.Usage;

/// <summary>The meters a request can consume.</summary>
public static class Meters
{
    public const string Calls = "calls";
    public const string Characters = "characters";
    public const string Tokens = "tokens";

    /// <summary>Outcome-priced predictions that were billed (accepted, or silent under a <c>charge</c> policy).</summary>
    public const string Accepted = "accepted";
}

/// <summary>A request body that knows what it will consume, so limits can be checked before any work is done.</summary>
public interface IMeteredRequest
{
    /// <summary>Quantities per meter, e.g. calls = number of texts, characters = their total length.</summary>
    IReadOnlyDictionary<string, long> Measure();
}

/// <summary>
/// Set by a metered handler on success: which model version served the request, for the usage events, and the ids
/// of the predictions it returned (one per text), for outcome-priced charges.
/// </summary>
public sealed record ServedModel(Guid ModelId, string ModelName, int Version, Guid ProviderAccountId, IReadOnlyList<Guid>? PredictionIds = null);
