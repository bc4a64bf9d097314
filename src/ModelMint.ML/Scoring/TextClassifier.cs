namespace ModelMint.ML.Scoring;

/// <summary>
/// A loaded, immutable, thread-safe text classifier. Scores are probabilities over <see cref="Labels"/> that sum to 1.
/// </summary>
public abstract class TextClassifier
{
    /// <summary>Class labels in a fixed order; index i of a score vector belongs to Labels[i].</summary>
    public abstract IReadOnlyList<string> Labels { get; }

    /// <summary>Probabilities for each label, in <see cref="Labels"/> order. Safe to call from many threads.</summary>
    public abstract float[] Predict(string text);

    /// <summary>Writes the model in a self-describing binary format that <see cref="TextClassifierFile.Load"/> reads.</summary>
    public abstract void Save(Stream stream);
}
