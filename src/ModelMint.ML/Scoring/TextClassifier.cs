namespace ModelMint.ML.Scoring;

/// <summary>
/// A loaded, immutable, thread-safe text classifier. Scores are probabilities over <see cref="Labels"/>: they sum to 1
/// for a single-label model; a multi-label model (<see cref="IsMultiLabel"/>) scores each label independently.
/// </summary>
public abstract class TextClassifier
{
    /// <summary>Class labels in a fixed order; index i of a score vector belongs to Labels[i].</summary>
    public abstract IReadOnlyList<string> Labels { get; }

    /// <summary>True when each label is predicted on its own (a row may have none, one or several).</summary>
    public virtual bool IsMultiLabel => false;

    /// <summary>A multi-label model predicts every label whose probability is at least this.</summary>
    public virtual double Threshold => 0.5;

    /// <summary>Probabilities for each label, in <see cref="Labels"/> order. Safe to call from many threads.</summary>
    public abstract float[] Predict(string text);

    /// <summary>Writes the model in a self-describing binary format that <see cref="TextClassifierFile.Load"/> reads.</summary>
    public abstract void Save(Stream stream);
}
