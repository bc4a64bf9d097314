namespace ModelMint.ML.Scoring;

public static class TextClassifierExtensions
{
    /// <summary>The most probable label and its probability; ties go to the label that comes first.</summary>
    public static (string Label, float Probability) PredictTop(this TextClassifier model, string text)
    {
        ArgumentNullException.ThrowIfNull(model);
        var scores = model.Predict(text);
        var best = ArgMax(scores);
        return (model.Labels[best], scores[best]);
    }

    internal static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var k = 1; k < scores.Length; k++)
        {
            if (scores[k] > scores[best])
            {
                best = k;
            }
        }

        return best;
    }
}
