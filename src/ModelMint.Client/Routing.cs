namespace ModelMint.Client;

/// <summary>
/// A model's canary and shadow routing, where each part resolves now, and how the shadow version compared with the
/// versions that served. Only predictions that name no version are routed.
/// </summary>
/// <param name="Model">The model name.</param>
/// <param name="Production">The version the <c>production</c> alias points at; <see langword="null"/> when it resolves to none.</param>
/// <param name="Canary">The canary and its share of unpinned calls; <see langword="null"/> when there is none.</param>
/// <param name="Shadow">The shadow version that also classifies unpinned calls; <see langword="null"/> when there is none.</param>
/// <param name="ShadowSkippedOnThisNode">
/// Calls not shadowed because the answering node's shadow queue was full (counted per node since it started).
/// </param>
/// <param name="Comparisons">One per (served version, shadow version) pair, by served then shadow version; kept when the routing is cleared.</param>
public sealed record ModelRouting(
    string Model,
    int? Production,
    CanaryRoute? Canary,
    ShadowRoute? Shadow,
    long ShadowSkippedOnThisNode,
    IReadOnlyList<ShadowComparison> Comparisons);

/// <summary>The canary: a version that serves a share of the predictions that name no version.</summary>
/// <param name="Version">The version as set: a number (<c>"2"</c>) or an alias (<c>"candidate"</c>), followed as it moves.</param>
/// <param name="ResolvesTo">The version number it resolves to now; <see langword="null"/> when it no longer resolves (production serves).</param>
/// <param name="Percent">The share of unpinned predictions it serves, 0 to 100.</param>
public sealed record CanaryRoute(string Version, int? ResolvesTo, int Percent);

/// <summary>The shadow: a version that also classifies every unpinned prediction, off the request path, for comparison only.</summary>
/// <param name="Version">The version as set: a number (<c>"2"</c>) or an alias (<c>"candidate"</c>), followed as it moves.</param>
/// <param name="ResolvesTo">The version number it resolves to now; <see langword="null"/> when it no longer resolves.</param>
public sealed record ShadowRoute(string Version, int? ResolvesTo);

/// <summary>What the shadow version said about the texts one version served: agreement on the top label, and where they differed.</summary>
/// <param name="ServedVersion">The version that answered the calls.</param>
/// <param name="ShadowVersion">The version that classified them in the shadow.</param>
/// <param name="Texts">Texts compared.</param>
/// <param name="Agreed">Texts both versions gave the same top label.</param>
/// <param name="Agreement"><see cref="Agreed"/> / <see cref="Texts"/>, 0 to 1 (0 when nothing was compared).</param>
/// <param name="Disagreements">The most frequent (at most 20) pairs of differing top labels, the most frequent first.</param>
public sealed record ShadowComparison(
    int ServedVersion,
    int ShadowVersion,
    long Texts,
    long Agreed,
    double Agreement,
    IReadOnlyList<LabelDisagreement> Disagreements);

/// <summary>A pair of differing top labels and how many texts got it.</summary>
/// <param name="Served">The label the served version answered.</param>
/// <param name="Shadow">The label the shadow version gave instead.</param>
/// <param name="Texts">How many texts got this pair.</param>
public sealed record LabelDisagreement(string Served, string Shadow, long Texts);

/// <summary>
/// A model's whole routing (it replaces the previous one): either part left <see langword="null"/> has none; both
/// <see langword="null"/> removes the routing, like <see cref="ModelMintClient.ClearRoutingAsync"/>.
/// </summary>
/// <param name="Canary">The canary to send a share of unpinned predictions to.</param>
/// <param name="Shadow">The shadow version to classify unpinned predictions with too.</param>
public sealed record RoutingUpdate(CanaryUpdate? Canary = null, ShadowUpdate? Shadow = null);

/// <summary>A canary to set.</summary>
/// <param name="Version">
/// A version number (<c>"2"</c>, sent as a JSON number) or an alias (<c>"candidate"</c>, sent as a string); it must
/// resolve now (404 <c>version-not-found</c>).
/// </param>
/// <param name="Percent">The share of unpinned predictions it serves, a whole number from 0 to 100 (400 <c>invalid-percent</c> otherwise).</param>
public sealed record CanaryUpdate(string Version, int Percent);

/// <summary>A shadow version to set.</summary>
/// <param name="Version">
/// A version number (<c>"2"</c>, sent as a JSON number) or an alias (<c>"candidate"</c>, sent as a string); it must
/// resolve now (404 <c>version-not-found</c>).
/// </param>
public sealed record ShadowUpdate(string Version);
