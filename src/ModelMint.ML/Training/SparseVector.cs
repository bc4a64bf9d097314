namespace ModelMint.ML.Training;

/// <summary>A sparse feature vector: strictly increasing indices and their values, of equal length.</summary>
public sealed class SparseVector
{
    private readonly int[] _indices;
    private readonly float[] _values;

    public SparseVector(int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (indices.Length != values.Length)
        {
            throw new ArgumentException("Indices and values must have the same length.", nameof(values));
        }

        _indices = indices;
        _values = values;
    }

    public int Count => _indices.Length;

    public ReadOnlySpan<int> Indices => _indices;

    public ReadOnlySpan<float> Values => _values;
}
