using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace ModelMint.ML.Training.Neural;

/// <summary>
/// The mean gradient of a batch, computed in parallel yet bit-for-bit the same on any number of cores. The batch is
/// ordered longest first and cut into <see cref="ShardCount"/> contiguous shards; each shard runs its examples in
/// groups of up to <see cref="GroupSize"/> (similar lengths, so they share most steps) and sums their gradients, in
/// order, into its own buffer; the shard buffers are then added in shard order. Embedding gradients are kept per
/// token position and added into the embedding's rows afterwards, example by example, so they are ordered too.
/// </summary>
internal sealed class BatchGradient
{
    /// <summary>Fixed, not the core count: the order of the float sums, hence the result, depends on it.</summary>
    public const int ShardCount = 16;

    /// <summary>Examples run through the network together: one pass over the weights per step serves all of them.</summary>
    public const int GroupSize = 8;

    private readonly BiLstmShape _shape;
    private readonly int _maxLength;
    private readonly float[][] _shardGradients;
    private readonly ConcurrentBag<BiLstmTape<float>> _tapes = [];
    private readonly int[] _order;
    private readonly int[][] _sequences;
    private readonly int[] _labels;
    private readonly float[] _tokenGradients;
    private readonly float[] _losses;
    private readonly bool[] _touched;
    private readonly List<int> _rows = [];

    public BatchGradient(BiLstmShape shape, int maxBatchSize, int maxLength)
    {
        _shape = shape;
        _maxLength = maxLength;
        _shardGradients = [.. Enumerable.Range(0, Math.Min(ShardCount, maxBatchSize)).Select(_ => new float[shape.WeightCount])];
        _order = new int[maxBatchSize];
        _sequences = new int[maxBatchSize][];
        _labels = new int[maxBatchSize];
        _tokenGradients = new float[maxBatchSize * maxLength * shape.EmbeddingDim];
        _losses = new float[maxBatchSize];
        EmbeddingGradient = new float[shape.EmbeddingCount];
        _touched = new bool[shape.VocabularySize];
    }

    /// <summary>The mean gradient of the dense weights after <see cref="Compute"/>.</summary>
    public ReadOnlySpan<float> Gradient => _shardGradients[0];

    /// <summary>The mean embedding gradient after <see cref="Compute"/>; rows outside <see cref="Rows"/> are zero.</summary>
    public float[] EmbeddingGradient { get; }

    /// <summary>The embedding rows the last batch used, in first-use order.</summary>
    public ReadOnlySpan<int> Rows => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rows);

    /// <summary>Computes the batch's mean gradient and returns its summed loss.</summary>
    public double Compute(BiLstmNetwork<float> network, ReadOnlySpan<int> batch, int[][] sequences, int[] classes, CancellationToken cancellationToken)
    {
        ClearEmbeddingGradient();
        var count = batch.Length;
        var order = _order.AsSpan(0, count);
        for (var k = 0; k < count; k++)
        {
            order[k] = k;
        }

        var examples = batch.ToArray();
        order.Sort((a, b) => sequences[examples[a]].Length != sequences[examples[b]].Length
            ? sequences[examples[b]].Length.CompareTo(sequences[examples[a]].Length)
            : a.CompareTo(b));
        for (var k = 0; k < count; k++)
        {
            _sequences[k] = sequences[examples[order[k]]];
            _labels[k] = classes[examples[order[k]]];
        }

        var e = _shape.EmbeddingDim;
        var shards = Math.Min(_shardGradients.Length, count);
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, shards, options, s =>
        {
            var gradient = _shardGradients[s];
            Array.Clear(gradient);
            if (!_tapes.TryTake(out var tape))
            {
                tape = new BiLstmTape<float>(_shape, _maxLength, GroupSize);
            }

            var end = ShardStart(s + 1, shards, count);
            for (var start = ShardStart(s, shards, count); start < end; start += GroupSize)
            {
                var size = Math.Min(GroupSize, end - start);
                network.Backpropagate(
                    tape,
                    _sequences.AsSpan(start, size),
                    _labels.AsSpan(start, size),
                    gradient,
                    _tokenGradients.AsSpan(start * _maxLength * e, size * _maxLength * e),
                    _losses.AsSpan(start, size));
            }

            _tapes.Add(tape);
        });

        // Each weight's sum runs over the shards in the same order whichever thread adds its slice.
        var scale = 1f / count;
        Parallel.For(0, ShardCount, options, slice =>
        {
            var start = ShardStart(slice, ShardCount, _shape.WeightCount);
            var length = ShardStart(slice + 1, ShardCount, _shape.WeightCount) - start;
            var total = _shardGradients[0].AsSpan(start, length);
            for (var s = 1; s < shards; s++)
            {
                TensorPrimitives.Add(total, _shardGradients[s].AsSpan(start, length), total);
            }

            TensorPrimitives.Multiply(total, scale, total);
        });

        for (var k = 0; k < count; k++)
        {
            var tokens = _sequences[k];
            for (var t = 0; t < tokens.Length; t++)
            {
                var row = EmbeddingGradient.AsSpan(tokens[t] * e, e);
                if (!_touched[tokens[t]])
                {
                    _touched[tokens[t]] = true;
                    _rows.Add(tokens[t]);
                }

                TensorPrimitives.Add(row, _tokenGradients.AsSpan(((k * _maxLength) + t) * e, e), row);
            }
        }

        foreach (var row in _rows)
        {
            var values = EmbeddingGradient.AsSpan(row * e, e);
            TensorPrimitives.Multiply(values, scale, values);
        }

        var loss = 0.0;
        foreach (var value in _losses.AsSpan(0, count))
        {
            loss += value;
        }

        return loss;
    }

    private void ClearEmbeddingGradient()
    {
        foreach (var row in _rows)
        {
            EmbeddingGradient.AsSpan(row * _shape.EmbeddingDim, _shape.EmbeddingDim).Clear();
            _touched[row] = false;
        }

        _rows.Clear();
    }

    private static int ShardStart(int shard, int shards, int count) => (int)((long)count * shard / shards);
}
