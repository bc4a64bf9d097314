using ModelMint.Domain.Models;

namespace ModelMint.Server.Models;

/// <summary>Which route served a prediction: the model's <c>production</c> alias, its canary, or a version the request named.</summary>
public static class Routes
{
    public const string Production = "production";
    public const string Canary = "canary";
    public const string Pinned = "pinned";

    /// <summary>The response header that names the route.</summary>
    public const string Header = "x-model-route";
}

/// <summary>
/// A model's routing as the hot path reads it (cached per model, "none" included): the canary version and the share of
/// unpinned predictions it serves, and the shadow version that also classifies them for comparison.
/// </summary>
public sealed record ModelRouting(VersionSelector? Canary, int CanaryPercent, VersionSelector? Shadow)
{
    public static readonly ModelRouting None = new(null, 0, null);

    /// <summary>
    /// The version an unpinned prediction asks for, and the route: the canary for <see cref="CanaryPercent"/> of them
    /// (each call drawn independently from <paramref name="random"/>), <c>production</c> otherwise.
    /// </summary>
    public (VersionSelector Selector, string Route) Choose(Random random) =>
        Canary is { } canary && CanaryPercent > 0 && random.Next(100) < CanaryPercent
            ? (canary, Routes.Canary)
            : (VersionSelector.Default, Routes.Production);
}
