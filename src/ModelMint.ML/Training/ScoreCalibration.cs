namespace ModelMint.ML.Training;

/// <summary>
/// Turns decision values into probabilities: <c>p = softmax(d / Temperature + Offsets)</c>. Temperature scaling
/// keeps the offsets at 0; Platt scaling of a two-class model (d = (−f, f)) puts its intercept in Offsets[1],
/// giving <c>p₁ = σ(2f / T + b)</c>.
/// </summary>
public sealed class ScoreCalibration
{
    private readonly float[] _offsets;

    public ScoreCalibration(string method, float temperature, IReadOnlyList<float> offsets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(offsets);
        if (!(temperature > 0) || float.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive and finite.");
        }

        Method = method;
        Temperature = temperature;
        _offsets = [.. offsets];
    }

    /// <summary><c>none</c>, <c>temperature</c> or <c>platt</c>.</summary>
    public string Method { get; }

    public float Temperature { get; }

    public IReadOnlyList<float> Offsets => _offsets;

    public static ScoreCalibration None(int classCount) => new("none", 1f, new float[classCount]);

    /// <summary>Replaces decision values with probabilities, in place.</summary>
    public void ToProbabilities(Span<float> scores)
    {
        var inverse = 1f / Temperature;
        var max = float.NegativeInfinity;
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = (scores[k] * inverse) + _offsets[k];
            max = Math.Max(max, scores[k]);
        }

        var sum = 0f;
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = MathF.Exp(scores[k] - max);
            sum += scores[k];
        }

        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] /= sum;
        }
    }
}
