using System.Numerics;

namespace ModelMint.ML.Training;

/// <summary>
/// One linear decision function per class: <c>score[k] = bias[k] + Σ x[j] · weight[j, k]</c>. Weights are stored
/// feature-major so a sparse input touches one contiguous row of <see cref="ClassCount"/> floats per feature.
/// </summary>
public sealed class LinearSvmModel
{
    internal LinearSvmModel(int dimension, int classCount, float[] weights, float[] biases)
    {
        if (weights.Length != (long)dimension * classCount || biases.Length != classCount)
        {
            throw new ArgumentException($"Expected {dimension}×{classCount} weights and {classCount} biases.");
        }

        Dimension = dimension;
        ClassCount = classCount;
        Weights = weights;
        Biases = biases;
    }

    public int Dimension { get; }

    public int ClassCount { get; }

    /// <summary>Weight of feature j for class k at <c>j * ClassCount + k</c>.</summary>
    internal float[] Weights { get; }

    internal float[] Biases { get; }

    public float Weight(int feature, int classIndex) => Weights[(feature * ClassCount) + classIndex];

    public float Bias(int classIndex) => Biases[classIndex];

    public void DecisionValues(SparseVector x, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(x);
        DecisionValues(x.Indices, x.Values, destination);
    }

    internal void DecisionValues(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> destination)
    {
        var scores = destination[..ClassCount];
        Biases.CopyTo(scores);
        for (var p = 0; p < indices.Length; p++)
        {
            MultiplyAdd(Weights.AsSpan(indices[p] * ClassCount, ClassCount), values[p], scores);
        }
    }

    private static void MultiplyAdd(ReadOnlySpan<float> row, float scale, Span<float> accumulator)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && accumulator.Length >= Vector<float>.Count)
        {
            var factor = new Vector<float>(scale);
            for (; i <= accumulator.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(accumulator[i..]) + (factor * new Vector<float>(row[i..]))).CopyTo(accumulator[i..]);
            }
        }

        for (; i < accumulator.Length; i++)
        {
            accumulator[i] += scale * row[i];
        }
    }
}
