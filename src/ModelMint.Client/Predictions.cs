namespace ModelMint.Client;

/// <summary>The predictions of one model version for a batch of texts.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version that answered (resolved from an alias when one was asked for).</param>
/// <param name="Predictions">One prediction per input text, in input order.</param>
public sealed record PredictionResponse(string Model, int Version, IReadOnlyList<Prediction> Predictions);

/// <summary>The predicted label for one text.</summary>
/// <param name="Id">The prediction id.</param>
/// <param name="Label">The most probable label.</param>
/// <param name="Score">The probability of <see cref="Label"/>, 0 to 1.</param>
/// <param name="Scores">The probability of every label.</param>
public sealed record Prediction(Guid Id, string Label, double Score, IReadOnlyDictionary<string, double> Scores);
