using System.Text.Json.Serialization;

namespace ModelMint.Client;

/// <summary>The predictions of one model version for a batch of texts.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version that answered (resolved from an alias when one was asked for).</param>
/// <param name="Predictions">One prediction per input text, in input order.</param>
public sealed record PredictionResponse(string Model, int Version, IReadOnlyList<Prediction> Predictions)
{
    /// <summary>The key's rate-limit counters after this call (<c>x-ratelimit-*</c> headers), when the server sent them.</summary>
    [JsonIgnore]
    public RateLimitStatus? RateLimit { get; init; }

    /// <summary>
    /// The prepaid balance left after this call (<c>x-balance-remaining</c>); sent only for calls charged to the
    /// balance, i.e. to another organisation's priced model.
    /// </summary>
    [JsonIgnore]
    public Balance? BalanceRemaining { get; init; }

    /// <summary>
    /// Whether this is the recorded answer to an earlier request with the same idempotency key
    /// (<c>Idempotent-Replayed: true</c>), which was neither run nor charged again.
    /// </summary>
    [JsonIgnore]
    public bool Replayed { get; init; }

    /// <summary>
    /// Which route served this call (<c>x-model-route</c>): <c>production</c> or <c>canary</c> for a call that named
    /// no version and followed the model's routing, <c>pinned</c> for one that named a version or alias;
    /// <see langword="null"/> when the server did not say.
    /// </summary>
    [JsonIgnore]
    public string? Route { get; init; }
}

/// <summary>The label(s) predicted for one text.</summary>
/// <param name="Id">The prediction id.</param>
/// <param name="Label">The most probable label.</param>
/// <param name="Score">The probability of <see cref="Label"/>, 0 to 1.</param>
/// <param name="Scores">The probability of every label.</param>
/// <param name="Labels">
/// For multi-label models, every label whose probability reaches the model's threshold (possibly none);
/// <see langword="null"/> for single-label models.
/// </param>
public sealed record Prediction(
    Guid Id,
    string Label,
    double Score,
    IReadOnlyDictionary<string, double> Scores,
    IReadOnlyList<string>? Labels = null);

/// <summary>
/// A key's per-minute limits and what is left of them in the current one-minute window, from the
/// <c>x-ratelimit-*</c> headers of a metered response. Members the server did not send are <see langword="null"/>.
/// </summary>
/// <param name="RequestsLimit">Requests allowed per minute.</param>
/// <param name="RequestsRemaining">Requests left in this window.</param>
/// <param name="UnitsLimit">Units (characters) allowed per minute.</param>
/// <param name="UnitsRemaining">Units left in this window.</param>
/// <param name="ResetAfter">When the window, and with it both counters, resets.</param>
public sealed record RateLimitStatus(
    long? RequestsLimit,
    long? RequestsRemaining,
    long? UnitsLimit,
    long? UnitsRemaining,
    TimeSpan? ResetAfter);
