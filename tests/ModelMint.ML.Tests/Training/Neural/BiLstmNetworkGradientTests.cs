using ModelMint.ML.Training.Neural;

namespace ModelMint.ML.Tests.Training.Neural;

/// <summary>Backpropagation against central finite differences, in double, on a network small enough to check every weight.</summary>
public class BiLstmNetworkGradientTests
{
    private static readonly BiLstmShape Shape = new(VocabularySize: 7, EmbeddingDim: 3, HiddenSize: 4, DenseSize: 5, ClassCount: 3);

    // Token 2 repeats and 0 is the out-of-vocabulary row, so embedding gradients must add up across positions.
    private static readonly int[] Tokens = [1, 4, 2, 2, 6, 0];

    public static TheoryData<string> Blocks => ["forward LSTM", "backward LSTM", "dense", "output"];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Backpropagate_WeightGradient_MatchesFiniteDifferences(string block)
    {
        var network = Network();
        var (start, count) = Range(block);
        var (gradient, _, _) = Analytic(network, Tokens, label: 2);

        for (var i = start; i < start + count; i++)
        {
            AssertClose(gradient[i], Numeric(network, network.Weights, i, Tokens, 2), $"{block} weight {i - start}");
        }
    }

    [Fact]
    public void Backpropagate_BothDirectionsReceiveGradient()
    {
        var (gradient, _, _) = Analytic(Network(), Tokens, label: 0);

        Assert.Contains(gradient.AsSpan(Shape.ForwardLstm, Shape.LstmCount).ToArray(), g => Math.Abs(g) > 1e-4);
        Assert.Contains(gradient.AsSpan(Shape.BackwardLstm, Shape.LstmCount).ToArray(), g => Math.Abs(g) > 1e-4);
    }

    [Fact]
    public void Backpropagate_EmbeddingGradient_MatchesFiniteDifferencesAndLeavesUnusedRowsAlone()
    {
        var network = Network();
        var (_, embedding, _) = Analytic(network, Tokens, label: 1);

        for (var i = 0; i < Shape.EmbeddingCount; i++)
        {
            var numeric = Numeric(network, network.Embedding, i, Tokens, 1);
            AssertClose(embedding[i], numeric, $"embedding row {i / Shape.EmbeddingDim} column {i % Shape.EmbeddingDim}");
            if (!Tokens.Contains(i / Shape.EmbeddingDim))
            {
                Assert.Equal(0, embedding[i]);
            }
        }
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 3, 3, 3, 1, 2, 4, 6, 5, 0, 1 })]
    public void Backpropagate_AnyLength_MatchesFiniteDifferences(int[] tokens)
    {
        var network = Network();
        var (gradient, embedding, _) = Analytic(network, tokens, label: 0);

        for (var i = 0; i < Shape.WeightCount; i += 3)
        {
            AssertClose(gradient[i], Numeric(network, network.Weights, i, tokens, 0), $"weight {i}");
        }

        for (var i = 0; i < Shape.EmbeddingCount; i++)
        {
            AssertClose(embedding[i], Numeric(network, network.Embedding, i, tokens, 0), $"embedding value {i}");
        }
    }

    [Fact]
    public void Backpropagate_ReturnsTheLossThatLossComputes()
    {
        var network = Network();
        var probabilities = new double[Shape.ClassCount];

        var loss = network.Loss(Tokens, 2, probabilities);

        Assert.Equal(loss, Analytic(network, Tokens, 2).Loss, 12);
        Assert.Equal(-Math.Log(probabilities[2]), loss, 12);
        Assert.Equal(1, probabilities.Sum(), 12);
    }

    [Fact]
    public void FloatNetwork_AgreesWithDouble()
    {
        var network = Network();
        var single = new BiLstmNetwork<float>(Shape, [.. network.Weights.Select(w => (float)w)], [.. network.Embedding.Select(w => (float)w)]);
        var (expected, expectedEmbedding, _) = Analytic(network, Tokens, 1);
        var gradient = new float[Shape.WeightCount];
        var tokenGradient = new float[Tokens.Length * Shape.EmbeddingDim];
        var doubleProbabilities = new double[Shape.ClassCount];
        var floatProbabilities = new float[Shape.ClassCount];

        single.Backpropagate(Tokens, 1, new BiLstmTape<float>(Shape, Tokens.Length), gradient, tokenGradient);
        network.Predict(Tokens, doubleProbabilities);
        single.Predict(Tokens, floatProbabilities);

        for (var c = 0; c < Shape.ClassCount; c++)
        {
            Assert.Equal(doubleProbabilities[c], floatProbabilities[c], 5);
        }

        for (var i = 0; i < gradient.Length; i++)
        {
            Assert.True(Math.Abs(gradient[i] - expected[i]) <= (1e-3 * Math.Abs(expected[i])) + 1e-5, $"weight {i}: float {gradient[i]}, double {expected[i]}");
        }

        Assert.Equal(expectedEmbedding[Tokens[0] * Shape.EmbeddingDim], tokenGradient[0], 4);
    }

    [Fact]
    public void Backpropagate_Group_SumsTheGradientsOfItsExamples()
    {
        // Lengths out of order, a tie and an empty example: ranking and packed step rows must undo all of that.
        int[][] group = [[1, 2], [3, 4, 5, 6, 1], [], [6, 6, 2], [0, 5, 4]];
        int[] labels = [0, 2, 1, 1, 0];
        var network = Network();
        var tape = new BiLstmTape<double>(Shape, capacity: 6, groupCapacity: 5);
        var gradient = new double[Shape.WeightCount];
        var tokenGradients = new double[group.Length * 6 * Shape.EmbeddingDim];
        var losses = new double[group.Length];

        network.Backpropagate(tape, group, labels, gradient, tokenGradients, losses);

        var expected = new double[Shape.WeightCount];
        for (var k = 0; k < group.Length; k++)
        {
            var single = new double[group[k].Length * Shape.EmbeddingDim];
            var loss = network.Backpropagate(group[k], labels[k], new BiLstmTape<double>(Shape, 6), expected, single);
            Assert.Equal(loss, losses[k], 12);
            for (var i = 0; i < single.Length; i++)
            {
                Assert.Equal(single[i], tokenGradients[(k * 6 * Shape.EmbeddingDim) + i], 12);
            }
        }

        for (var i = 0; i < gradient.Length; i++)
        {
            Assert.Equal(expected[i], gradient[i], 12);
        }
    }

    [Fact]
    public void Backpropagate_FloatGroup_GivesExactlyTheLossThatScoringGives()
    {
        var shape = new BiLstmShape(VocabularySize: 50, EmbeddingDim: 24, HiddenSize: 20, DenseSize: 12, ClassCount: 4);
        var network = BiLstmNetwork<float>.Initialize(shape, new Random(3));
        var random = new Random(4);
        var group = Enumerable.Range(0, 7).Select(k => Enumerable.Range(0, random.Next(12)).Select(_ => random.Next(50)).ToArray()).ToArray();
        int[] labels = [.. group.Select((_, k) => k % 4)];
        var losses = new float[group.Length];

        network.Backpropagate(new BiLstmTape<float>(shape, 12, 8), group, labels, new float[shape.WeightCount], new float[8 * 12 * 24], losses);

        for (var k = 0; k < group.Length; k++)
        {
            Assert.Equal(network.Loss(group[k], labels[k], new float[4]), losses[k]);
        }
    }

    [Fact]
    public void Predict_ReversedSequence_ChangesTheOutput()
    {
        var network = Network();
        var forward = new double[Shape.ClassCount];
        var reversed = new double[Shape.ClassCount];

        network.Predict(Tokens, forward);
        network.Predict([.. Tokens.Reverse()], reversed);

        Assert.NotEqual(forward, reversed);
    }

    /// <summary>Keras's initial weights, then every weight and embedding value moved by up to ±0.5 so that all gates,
    /// ReLU units and biases sit in varied, non-trivial places.</summary>
    private static BiLstmNetwork<double> Network()
    {
        var random = new Random(11);
        var network = BiLstmNetwork<double>.Initialize(Shape, random);
        for (var i = 0; i < network.Weights.Length; i++)
        {
            network.Weights[i] += random.NextDouble() - 0.5;
        }

        for (var i = 0; i < network.Embedding.Length; i++)
        {
            network.Embedding[i] += random.NextDouble() - 0.5;
        }

        return network;
    }

    private static (int Start, int Count) Range(string block) => block switch
    {
        "forward LSTM" => (Shape.ForwardLstm, Shape.LstmCount),
        "backward LSTM" => (Shape.BackwardLstm, Shape.LstmCount),
        "dense" => (Shape.Dense, Shape.Output - Shape.Dense),
        "output" => (Shape.Output, Shape.WeightCount - Shape.Output),
        _ => throw new ArgumentOutOfRangeException(nameof(block)),
    };

    private static (double[] Gradient, double[] Embedding, double Loss) Analytic(BiLstmNetwork<double> network, int[] tokens, int label)
    {
        var gradient = new double[Shape.WeightCount];
        var tokenGradient = new double[tokens.Length * Shape.EmbeddingDim];
        var loss = network.Backpropagate(tokens, label, new BiLstmTape<double>(Shape, tokens.Length), gradient, tokenGradient);
        var embedding = new double[Shape.EmbeddingCount];
        for (var t = 0; t < tokens.Length; t++)
        {
            for (var j = 0; j < Shape.EmbeddingDim; j++)
            {
                embedding[(tokens[t] * Shape.EmbeddingDim) + j] += tokenGradient[(t * Shape.EmbeddingDim) + j];
            }
        }

        return (gradient, embedding, loss);
    }

    private static double Numeric(BiLstmNetwork<double> network, double[] values, int index, int[] tokens, int label)
    {
        const double step = 1e-6;
        var saved = values[index];
        var probabilities = new double[Shape.ClassCount];
        values[index] = saved + step;
        var plus = network.Loss(tokens, label, probabilities);
        values[index] = saved - step;
        var minus = network.Loss(tokens, label, probabilities);
        values[index] = saved;
        return (plus - minus) / (2 * step);
    }

    private static void AssertClose(double analytic, double numeric, string what) =>
        Assert.True(
            Math.Abs(analytic - numeric) <= (1e-6 * (Math.Abs(analytic) + Math.Abs(numeric))) + 1e-9,
            $"{what}: backpropagation {analytic:G10}, finite difference {numeric:G10}");
}
