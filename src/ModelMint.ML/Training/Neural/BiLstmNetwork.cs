using System.Numerics;
using System.Numerics.Tensors;

namespace ModelMint.ML.Training.Neural;

/// <summary>
/// Token embedding → bidirectional LSTM → the two directions' final hidden states, concatenated → dense ReLU →
/// softmax. Generic over the number type so that gradient checks can run in double; models train and score in float.
/// </summary>
/// <remarks>
/// Each direction runs over exactly the example's tokens, with no padding steps (Keras with <c>mask_zero=True</c>),
/// so an example's output never depends on what else is in its batch; an empty sequence yields zero final states.
/// A step's gates are one [4H × (E+H)] matrix-vector product over the contiguous input [x_t; h_{t-1}]; in training, one
/// matrix product for all examples of a group that are still running (<see cref="BiLstmTape{T}"/>). Scoring an
/// example alone or in a training group gives bit-for-bit the same numbers (<see cref="MatrixKernels"/>). Methods that
/// take no tape allocate their own scratch, so one network can score from many threads at once; the weights are
/// read-only outside training.
/// </remarks>
internal sealed class BiLstmNetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public BiLstmNetwork(BiLstmShape shape, T[] weights, T[] embedding)
    {
        shape.Validate();
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(embedding);
        if (weights.Length != shape.WeightCount || embedding.Length != shape.EmbeddingCount)
        {
            throw new ArgumentException(
                $"The shape needs {shape.WeightCount} weights and {shape.EmbeddingCount} embedding values; got {weights.Length} and {embedding.Length}.");
        }

        Shape = shape;
        Weights = weights;
        Embedding = embedding;
    }

    public BiLstmShape Shape { get; }

    /// <summary>Every weight but the embedding, laid out as <see cref="BiLstmShape"/> describes.</summary>
    public T[] Weights { get; }

    /// <summary>Row-major [vocabulary × E]; row 0 is the out-of-vocabulary token.</summary>
    public T[] Embedding { get; }

    /// <summary>
    /// Keras's defaults: embedding U(±0.05); LSTM input kernels Glorot-uniform, recurrent kernels orthogonal, biases
    /// zero but the forget gate's, which start at 1; dense and output kernels Glorot-uniform, biases zero.
    /// </summary>
    public static BiLstmNetwork<T> Initialize(BiLstmShape shape, Random random)
    {
        shape.Validate();
        ArgumentNullException.ThrowIfNull(random);
        var weights = new T[shape.WeightCount];
        var embedding = new T[shape.EmbeddingCount];
        FillUniform(embedding, 0.05, random);

        var (e, h, width) = (shape.EmbeddingDim, shape.HiddenSize, shape.StepWidth);
        foreach (var offset in (int[])[shape.ForwardLstm, shape.BackwardLstm])
        {
            var limit = Math.Sqrt(6.0 / (e + shape.GateRows));
            var recurrent = Orthonormal(shape.GateRows, h, random);
            for (var r = 0; r < shape.GateRows; r++)
            {
                var row = weights.AsSpan(offset + (r * width), width);
                FillUniform(row[..e], limit, random);
                for (var j = 0; j < h; j++)
                {
                    row[e + j] = T.CreateChecked(recurrent[(r * h) + j]);
                }
            }

            weights.AsSpan(offset + shape.LstmKernelCount + h, h).Fill(T.One);
        }

        FillUniform(weights.AsSpan(shape.Dense, shape.DenseSize * shape.FeatureCount), Math.Sqrt(6.0 / (shape.FeatureCount + shape.DenseSize)), random);
        FillUniform(weights.AsSpan(shape.Output, shape.ClassCount * shape.DenseSize), Math.Sqrt(6.0 / (shape.DenseSize + shape.ClassCount)), random);
        return new BiLstmNetwork<T>(shape, weights, embedding);
    }

    /// <summary>Class probabilities for a sequence of token ids.</summary>
    public void Predict(ReadOnlySpan<int> tokens, Span<T> probabilities) => Forward(tokens, probabilities, new T[Shape.ClassCount]);

    /// <summary>Cross-entropy −log p(label), computed from the logits so that it stays finite; fills the probabilities too.</summary>
    public T Loss(ReadOnlySpan<int> tokens, int label, Span<T> probabilities)
    {
        var logits = new T[Shape.ClassCount];
        return Forward(tokens, probabilities, logits) - logits[label];
    }

    /// <summary>
    /// Runs one example forwards and backwards (a group of one; for tests): adds dLoss/dWeights to <paramref name="gradient"/> (laid out like
    /// <see cref="Weights"/>) and writes dLoss/dx_t for each token position into <paramref name="tokenGradient"/>
    /// ([tokens × E]; both directions summed). Returns the loss, equal to <see cref="Loss"/>.
    /// </summary>
    public T Backpropagate(ReadOnlySpan<int> tokens, int label, BiLstmTape<T> tape, Span<T> gradient, Span<T> tokenGradient)
    {
        ArgumentNullException.ThrowIfNull(tape);
        Span<T> loss = [T.Zero];
        var padded = new T[tape.Capacity * Shape.EmbeddingDim];
        Backpropagate(tape, [tokens.ToArray()], [label], gradient, padded, loss);
        padded.AsSpan(0, tokens.Length * Shape.EmbeddingDim).CopyTo(tokenGradient);
        return loss[0];
    }

    /// <summary>
    /// Runs a group of examples forwards and backwards together (one matrix product per step for all of them):
    /// adds the sum of their dLoss/dWeights to <paramref name="gradient"/>, writes example k's dLoss/dx_t for each
    /// token position into <paramref name="tokenGradients"/> at k × Capacity × E ([tokens × E], both directions
    /// summed) and its loss into <paramref name="losses"/>[k].
    /// </summary>
    public void Backpropagate(BiLstmTape<T> tape, ReadOnlySpan<int[]> sequences, ReadOnlySpan<int> labels, Span<T> gradient, Span<T> tokenGradients, Span<T> losses)
    {
        ArgumentNullException.ThrowIfNull(tape);
        var s = Shape;
        var count = sequences.Length;
        if (count > tape.GroupCapacity || labels.Length != count || losses.Length != count || gradient.Length != s.WeightCount
            || tokenGradients.Length < count * tape.Capacity * s.EmbeddingDim)
        {
            throw new ArgumentException("The tape or a buffer does not fit this group.");
        }

        var steps = Rank(tape, sequences);
        var (h, f) = (s.HiddenSize, s.FeatureCount);
        tape.Features.AsSpan(0, count * f).Clear();
        Record(tape, sequences, steps, reversed: false, tape.Forward, s.ForwardLstm, 0);
        Record(tape, sequences, steps, reversed: true, tape.Backward, s.BackwardLstm, h);

        // Head, forwards.
        var (n, classes) = (s.DenseSize, s.ClassCount);
        var features = tape.Features.AsSpan(0, count * f);
        var dense = tape.Dense.AsSpan(0, count * n);
        var activated = tape.Activated.AsSpan(0, count * n);
        var logits = tape.Logits.AsSpan(0, count * classes);
        var probabilities = tape.Probabilities.AsSpan(0, count * classes);
        MatrixKernels.MultiplyAdd(Weights.AsSpan(s.Dense, n * f), features, Weights.AsSpan(s.DenseBias, n), dense, count);
        Relu(dense, activated);
        MatrixKernels.MultiplyAdd(Weights.AsSpan(s.Output, classes * n), activated, Weights.AsSpan(s.OutputBias, classes), logits, count);
        for (var g = 0; g < count; g++)
        {
            var k = tape.Ranks[g];
            var z = logits.Slice(g * classes, classes);
            var p = probabilities.Slice(g * classes, classes);
            losses[k] = Softmax(z, p) - z[labels[k]];

            // Softmax with cross-entropy: dLoss/dlogits = p − onehot(label).
            p[labels[k]] -= T.One;
        }

        // Head, backwards.
        var dLogits = probabilities;
        var outputBias = gradient.Slice(s.OutputBias, classes);
        var denseBias = gradient.Slice(s.DenseBias, n);
        var dActivated = tape.ActivatedGradient.AsSpan(0, count * n);
        var dDense = tape.DenseGradient.AsSpan(0, count * n);
        var dFeatures = tape.FeatureGradient.AsSpan(0, count * f);
        for (var g = 0; g < count; g++)
        {
            TensorPrimitives.Add(outputBias, dLogits.Slice(g * classes, classes), outputBias);
        }

        MatrixKernels.AddOuterProducts<T>(dLogits, activated, count, gradient.Slice(s.Output, classes * n));
        MatrixKernels.MultiplyTransposed(Weights.AsSpan(s.Output, classes * n), dLogits, dActivated, count);
        for (var j = 0; j < dDense.Length; j++)
        {
            dDense[j] = dense[j] > T.Zero ? dActivated[j] : T.Zero;
        }

        for (var g = 0; g < count; g++)
        {
            TensorPrimitives.Add(denseBias, dDense.Slice(g * n, n), denseBias);
        }

        MatrixKernels.AddOuterProducts<T>(dDense, features, count, gradient.Slice(s.Dense, n * f));
        MatrixKernels.MultiplyTransposed(Weights.AsSpan(s.Dense, n * f), dDense, dFeatures, count);

        for (var k = 0; k < count; k++)
        {
            tokenGradients.Slice(k * tape.Capacity * s.EmbeddingDim, sequences[k].Length * s.EmbeddingDim).Clear();
        }

        BackpropagateDirection(tape, sequences, steps, reversed: false, tape.Forward, s.ForwardLstm, 0, gradient, tokenGradients);
        BackpropagateDirection(tape, sequences, steps, reversed: true, tape.Backward, s.BackwardLstm, h, gradient, tokenGradients);
    }

    private T Forward(ReadOnlySpan<int> tokens, Span<T> probabilities, Span<T> logits)
    {
        var s = Shape;
        if (probabilities.Length != s.ClassCount)
        {
            throw new ArgumentException($"Expected room for {s.ClassCount} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        var scratch = new T[s.StepWidth + s.GateRows + (2 * s.HiddenSize) + s.FeatureCount + (2 * s.DenseSize)];
        var step = scratch.AsSpan(0, s.StepWidth);
        var gates = scratch.AsSpan(step.Length, s.GateRows);
        var cell = scratch.AsSpan(step.Length + gates.Length, s.HiddenSize);
        var cellTanh = scratch.AsSpan(step.Length + gates.Length + cell.Length, s.HiddenSize);
        var features = scratch.AsSpan(step.Length + gates.Length + (2 * s.HiddenSize), s.FeatureCount);
        var dense = scratch.AsSpan(scratch.Length - (2 * s.DenseSize), s.DenseSize);
        var activated = scratch.AsSpan(scratch.Length - s.DenseSize, s.DenseSize);

        Encode(tokens, reversed: false, s.ForwardLstm, step, gates, cell, cellTanh, features[..s.HiddenSize]);
        Encode(tokens, reversed: true, s.BackwardLstm, step, gates, cell, cellTanh, features[s.HiddenSize..]);
        MatrixKernels.MultiplyAdd(Weights.AsSpan(s.Dense, s.DenseSize * s.FeatureCount), features, Weights.AsSpan(s.DenseBias, s.DenseSize), dense);
        Relu(dense, activated);
        MatrixKernels.MultiplyAdd(Weights.AsSpan(s.Output, s.ClassCount * s.DenseSize), activated, Weights.AsSpan(s.OutputBias, s.ClassCount), logits);
        return Softmax(logits, probabilities);
    }

    /// <summary>One direction of one example without a record: the step buffer holds [x_t; h_{t-1}] and the cell
    /// is updated in place. The same arithmetic as <see cref="Record"/>.</summary>
    private void Encode(ReadOnlySpan<int> tokens, bool reversed, int offset, Span<T> step, Span<T> gates, Span<T> cell, Span<T> cellTanh, Span<T> final)
    {
        var e = Shape.EmbeddingDim;
        var kernel = Weights.AsSpan(offset, Shape.LstmKernelCount);
        var bias = Weights.AsSpan(offset + Shape.LstmKernelCount, Shape.GateRows);
        step.Clear();
        cell.Clear();
        for (var p = 0; p < tokens.Length; p++)
        {
            Embedding.AsSpan(tokens[reversed ? tokens.Length - 1 - p : p] * e, e).CopyTo(step);
            MatrixKernels.MultiplyAdd(kernel, step, bias, gates);
            Activate(gates, cell, cell, cellTanh, step[e..]);
        }

        step[e..].CopyTo(final);
    }

    /// <summary>Ranks the group longest first (ties in caller order) and fills the step offsets; returns the longest length.</summary>
    private static int Rank(BiLstmTape<T> tape, ReadOnlySpan<int[]> sequences)
    {
        var count = sequences.Length;
        var ranks = tape.Ranks.AsSpan(0, count);
        for (var k = 0; k < count; k++)
        {
            if (sequences[k].Length > tape.Capacity)
            {
                throw new ArgumentException($"An example has {sequences[k].Length} tokens; the tape holds {tape.Capacity}.", nameof(sequences));
            }

            ranks[k] = k;
        }

        // Insertion sort: stable and allocation-free for the handful of examples in a group.
        for (var i = 1; i < count; i++)
        {
            var k = ranks[i];
            var j = i - 1;
            for (; j >= 0 && sequences[ranks[j]].Length < sequences[k].Length; j--)
            {
                ranks[j + 1] = ranks[j];
            }

            ranks[j + 1] = k;
        }

        var steps = count == 0 ? 0 : sequences[ranks[0]].Length;
        tape.Offsets[0] = 0;
        for (var t = 0; t < steps; t++)
        {
            tape.Offsets[t + 1] = tape.Offsets[t] + Active(tape, sequences, t);
        }

        return steps;
    }

    /// <summary>How many of the group run at step t: ranks 0..n−1 are exactly those longer than t.</summary>
    private static int Active(BiLstmTape<T> tape, ReadOnlySpan<int[]> sequences, int t)
    {
        var active = 0;
        while (active < sequences.Length && sequences[tape.Ranks[active]].Length > t)
        {
            active++;
        }

        return active;
    }

    /// <summary>One direction of a group, recorded for backpropagation; final states go to the features at <paramref name="half"/>.</summary>
    private void Record(BiLstmTape<T> tape, ReadOnlySpan<int[]> sequences, int steps, bool reversed, LstmTape<T> record, int offset, int half)
    {
        var s = Shape;
        var (e, h, g4, width, f) = (s.EmbeddingDim, s.HiddenSize, s.GateRows, s.StepWidth, s.FeatureCount);
        var kernel = Weights.AsSpan(offset, s.LstmKernelCount);
        var bias = Weights.AsSpan(offset + s.LstmKernelCount, g4);
        for (var t = 0; t < steps; t++)
        {
            var (first, active) = (tape.Offsets[t], tape.Offsets[t + 1] - tape.Offsets[t]);
            for (var g = 0; g < active; g++)
            {
                var tokens = sequences[tape.Ranks[g]];
                var input = record.Inputs.AsSpan((first + g) * width, width);
                Embedding.AsSpan(tokens[reversed ? tokens.Length - 1 - t : t] * e, e).CopyTo(input);
                if (t == 0)
                {
                    input[e..].Clear();
                }
            }

            MatrixKernels.MultiplyAdd(kernel, record.Inputs.AsSpan(first * width, active * width), bias, record.Gates.AsSpan(first * g4, active * g4), active);
            for (var g = 0; g < active; g++)
            {
                var row = first + g;
                Activate(
                    record.Gates.AsSpan(row * g4, g4),
                    t == 0 ? tape.Zeros : record.Cells.AsSpan((tape.Offsets[t - 1] + g) * h, h),
                    record.Cells.AsSpan(row * h, h),
                    record.CellTanh.AsSpan(row * h, h),
                    t + 1 < sequences[tape.Ranks[g]].Length
                        ? record.Inputs.AsSpan(((tape.Offsets[t + 1] + g) * width) + e, h)
                        : tape.Features.AsSpan((g * f) + half, h));
            }
        }
    }

    private void BackpropagateDirection(
        BiLstmTape<T> tape, ReadOnlySpan<int[]> sequences, int steps, bool reversed, LstmTape<T> record, int offset, int half, Span<T> gradient, Span<T> tokenGradients)
    {
        var s = Shape;
        var (e, h, g4, width, f) = (s.EmbeddingDim, s.HiddenSize, s.GateRows, s.StepWidth, s.FeatureCount);
        var kernel = Weights.AsSpan(offset, s.LstmKernelCount);
        var kernelGradient = gradient.Slice(offset, s.LstmKernelCount);
        var biasGradient = gradient.Slice(offset + s.LstmKernelCount, g4);
        for (var t = steps - 1; t >= 0; t--)
        {
            var (first, active) = (tape.Offsets[t], tape.Offsets[t + 1] - tape.Offsets[t]);
            for (var g = 0; g < active; g++)
            {
                var dHidden = tape.HiddenGradient.AsSpan(g * h, h);
                var dCell = tape.CellGradient.AsSpan(g * h, h);
                if (t == sequences[tape.Ranks[g]].Length - 1)
                {
                    tape.FeatureGradient.AsSpan((g * f) + half, h).CopyTo(dHidden);
                    dCell.Clear();
                }

                var row = first + g;
                var gates = record.Gates.AsSpan(row * g4, g4);
                var cellTanh = record.CellTanh.AsSpan(row * h, h);
                var previousCell = t == 0 ? tape.Zeros : record.Cells.AsSpan((tape.Offsets[t - 1] + g) * h, h);
                var dGates = tape.GateGradients.AsSpan(row * g4, g4);
                for (var j = 0; j < h; j++)
                {
                    var (i, fo, c, o) = (gates[j], gates[h + j], gates[(2 * h) + j], gates[(3 * h) + j]);
                    var (tanh, dh) = (cellTanh[j], dHidden[j]);
                    var dc = dCell[j] + (dh * o * (T.One - (tanh * tanh)));
                    dGates[j] = dc * c * i * (T.One - i);
                    dGates[h + j] = dc * previousCell[j] * fo * (T.One - fo);
                    dGates[(2 * h) + j] = dc * i * (T.One - (c * c));
                    dGates[(3 * h) + j] = dh * tanh * o * (T.One - o);
                    dCell[j] = dc * fo;
                }

                TensorPrimitives.Add(biasGradient, dGates, biasGradient);
            }

            var dInputs = tape.InputGradients.AsSpan(0, active * width);
            MatrixKernels.MultiplyTransposed(kernel, tape.GateGradients.AsSpan(first * g4, active * g4), dInputs, active);
            for (var g = 0; g < active; g++)
            {
                var k = tape.Ranks[g];
                var position = reversed ? sequences[k].Length - 1 - t : t;
                var token = tokenGradients.Slice((k * tape.Capacity * e) + (position * e), e);
                TensorPrimitives.Add(token, dInputs.Slice(g * width, e), token);
                dInputs.Slice((g * width) + e, h).CopyTo(tape.HiddenGradient.AsSpan(g * h, h));
            }
        }

        // dKernel = Σ over every example and step of dgates ⊗ [x_t; h_{t-1}]: one product over all packed rows.
        var rows = tape.Offsets[steps];
        MatrixKernels.AddOuterProducts<T>(tape.GateGradients.AsSpan(0, rows * g4), record.Inputs.AsSpan(0, rows * width), rows, kernelGradient);
    }

    /// <summary>
    /// The elementwise part of an LSTM step, given the gate pre-activations. <paramref name="hidden"/> may lie in the
    /// step's input and <paramref name="cell"/> may be <paramref name="previousCell"/>: both are written only after
    /// everything they overlap has been read.
    /// </summary>
    private static void Activate(Span<T> gates, ReadOnlySpan<T> previousCell, Span<T> cell, Span<T> cellTanh, Span<T> hidden)
    {
        var h = cell.Length;
        var inputAndForget = gates[..(2 * h)];
        var candidate = gates.Slice(2 * h, h);
        var output = gates[(3 * h)..];
        TensorPrimitives.Sigmoid(inputAndForget, inputAndForget);
        TensorPrimitives.Tanh(candidate, candidate);
        TensorPrimitives.Sigmoid(output, output);
        TensorPrimitives.Multiply(gates.Slice(h, h), previousCell, cell);
        TensorPrimitives.MultiplyAdd(gates[..h], candidate, cell, cell);
        TensorPrimitives.Tanh(cell, cellTanh);
        TensorPrimitives.Multiply(output, cellTanh, hidden);
    }

    private static void Relu(ReadOnlySpan<T> values, Span<T> activated)
    {
        for (var j = 0; j < values.Length; j++)
        {
            activated[j] = values[j] > T.Zero ? values[j] : T.Zero;
        }
    }

    /// <summary>Writes softmax(logits) and returns log Σ exp(logits), both computed from the largest logit down.</summary>
    private static T Softmax(ReadOnlySpan<T> logits, Span<T> probabilities)
    {
        var max = TensorPrimitives.Max<T>(logits);
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        var sum = TensorPrimitives.Sum<T>(probabilities);
        TensorPrimitives.Divide(probabilities, sum, probabilities);
        return max + T.Log(sum);
    }

    private static void FillUniform(Span<T> values, double limit, Random random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked(((2 * random.NextDouble()) - 1) * limit);
        }
    }

    /// <summary>A [rows × columns] matrix with orthonormal columns (rows ≥ columns): Gaussian, then Gram-Schmidt.</summary>
    private static double[] Orthonormal(int rows, int columns, Random random)
    {
        var a = new double[rows * columns];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        for (var j = 0; j < columns; j++)
        {
            for (var k = 0; k < j; k++)
            {
                var dot = 0.0;
                for (var r = 0; r < rows; r++)
                {
                    dot += a[(r * columns) + j] * a[(r * columns) + k];
                }

                for (var r = 0; r < rows; r++)
                {
                    a[(r * columns) + j] -= dot * a[(r * columns) + k];
                }
            }

            var norm = 0.0;
            for (var r = 0; r < rows; r++)
            {
                norm += a[(r * columns) + j] * a[(r * columns) + j];
            }

            norm = Math.Sqrt(norm);
            for (var r = 0; r < rows; r++)
            {
                a[(r * columns) + j] /= norm;
            }
        }

        return a;
    }
}
