using System.Numerics.Tensors;

namespace ModelMint.ML.Training.Neural;

/// <summary>
/// Adam (Kingma and Ba, with Keras's β1 = 0.9, β2 = 0.999, ε = 1e-7) over a network's dense weights, and lazily over
/// its embedding: a row's moments and value change only in steps whose batch uses that row (TensorFlow's LazyAdam,
/// PyTorch's SparseAdam), which keeps a step's cost independent of the vocabulary size.
/// </summary>
internal sealed class AdamOptimizer
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-7;

    private readonly double _learningRate;
    private readonly int _rowWidth;
    private readonly float[] _weightMean;
    private readonly float[] _weightVariance;
    private readonly float[] _embeddingMean;
    private readonly float[] _embeddingVariance;
    private readonly float[] _scratch;
    private int _steps;

    public AdamOptimizer(BiLstmShape shape, double learningRate)
    {
        _learningRate = learningRate;
        _rowWidth = shape.EmbeddingDim;
        _weightMean = new float[shape.WeightCount];
        _weightVariance = new float[shape.WeightCount];
        _embeddingMean = new float[shape.EmbeddingCount];
        _embeddingVariance = new float[shape.EmbeddingCount];
        _scratch = new float[shape.WeightCount];
    }

    /// <summary>
    /// One step. <paramref name="gradient"/> is the mean gradient of the dense weights; <paramref name="embeddingGradient"/>
    /// holds the embedding's, of which only <paramref name="rows"/> are read.
    /// </summary>
    public void Step(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> embedding, ReadOnlySpan<float> embeddingGradient, ReadOnlySpan<int> rows)
    {
        _steps++;
        var correction = Math.Sqrt(1 - Math.Pow(Beta2, _steps));
        var stepSize = (float)(_learningRate * correction / (1 - Math.Pow(Beta1, _steps)));
        var epsilon = (float)(Epsilon * correction);
        Update(weights, gradient, _weightMean, _weightVariance, _scratch, stepSize, epsilon);
        foreach (var row in rows)
        {
            var range = new Range(row * _rowWidth, (row + 1) * _rowWidth);
            Update(embedding[range], embeddingGradient[range], _embeddingMean.AsSpan(range), _embeddingVariance.AsSpan(range), _scratch.AsSpan(0, _rowWidth), stepSize, epsilon);
        }
    }

    // w −= stepSize · m / (√v + ε̂), the bias corrections folded into stepSize and ε̂ as in the paper's Algorithm 1 note.
    private static void Update(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> mean, Span<float> variance, Span<float> scratch, float stepSize, float epsilon)
    {
        TensorPrimitives.Multiply(mean, (float)Beta1, mean);
        TensorPrimitives.MultiplyAdd(gradient, (float)(1 - Beta1), mean, mean);
        TensorPrimitives.Multiply(gradient, gradient, scratch);
        TensorPrimitives.Multiply(variance, (float)Beta2, variance);
        TensorPrimitives.MultiplyAdd(scratch, (float)(1 - Beta2), variance, variance);
        TensorPrimitives.Sqrt(variance, scratch);
        TensorPrimitives.Add(scratch, epsilon, scratch);
        TensorPrimitives.Divide(mean, scratch, scratch);
        TensorPrimitives.MultiplyAdd(scratch, -stepSize, weights, weights);
    }
}
