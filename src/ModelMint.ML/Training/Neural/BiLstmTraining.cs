using System.Globalization;
using ModelMint.ML.Scoring;

namespace ModelMint.ML.Training.Neural;

/// <summary>The epoch loop behind <see cref="BiLstmTrainer"/>: split, vocabulary, mini-batch Adam, early stopping.</summary>
internal static class BiLstmTraining
{
    /// <summary>The curve series name; its steps are epochs, from 1.</summary>
    public const string Series = "bilstm";

    // Progress is counted in forward passes: training an example costs about three (forward, then backward).
    private const double TrainingCost = 3;

    public static TrainingResult Run(TrainingRequest request, BiLstmOptions options, ITrainingObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var rows = request.Train ?? throw new ArgumentException("The training set is missing.", nameof(request));
        var labels = Labels(rows);
        var labelIndex = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var meter = new ProgressMeter(observer);
        meter.Report(0);

        var isValidation = DatasetSplit.StratifiedTestRows([.. rows.Select(r => r.Label)], options.ValidationFraction, request.Seed);
        var training = Enumerable.Range(0, rows.Count).Where(i => !isValidation[i]).ToArray();
        var validation = Enumerable.Range(0, rows.Count).Where(i => isValidation[i]).ToArray();
        var vocabulary = TokenVocabulary.Fit(training.Select(i => rows[i].Text), options.VocabularySize, options.MinCount, cancellationToken);
        var sequences = rows.Select(r => vocabulary.Encode(r.Text, options.MaxLength)).ToArray();
        var classes = rows.Select(r => labelIndex[r.Label]).ToArray();

        var shape = new BiLstmShape(vocabulary.Size, options.EmbeddingDim, options.HiddenSize, options.DenseSize, labels.Length);
        var random = new Random(request.Seed);
        var network = BiLstmNetwork<float>.Initialize(shape, random);
        var optimizer = new AdamOptimizer(shape, options.LearningRate);
        var batchSize = Math.Min(options.BatchSize, training.Length);
        var gradient = new BatchGradient(shape, batchSize, options.MaxLength);
        var best = new Checkpoint(network);

        var total = options.Epochs * ((TrainingCost * training.Length) + validation.Length);
        var done = 0.0;
        var epochsRun = 0;
        var order = training.ToArray();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle(order);
            var trainingLoss = 0.0;
            for (var start = 0; start < order.Length; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.AsSpan(start, Math.Min(batchSize, order.Length - start));
                trainingLoss += gradient.Compute(network, batch, sequences, classes, cancellationToken);
                optimizer.Step(network.Weights, gradient.Gradient, network.Embedding, gradient.EmbeddingGradient, gradient.Rows);
                done += TrainingCost * batch.Length;
                meter.Report(done / total);
            }

            epochsRun = epoch;
            trainingLoss /= order.Length;
            if (validation.Length == 0)
            {
                observer?.Curve(new CurvePoint(Series, epoch, trainingLoss, null, null));
                best.Epoch = epoch;
                continue;
            }

            var (loss, accuracy) = Evaluate(network, validation, sequences, classes, cancellationToken);
            done += validation.Length;
            meter.Report(done / total);
            observer?.Curve(new CurvePoint(Series, epoch, trainingLoss, loss, accuracy));
            if (best.Epoch == 0 || loss < best.Loss)
            {
                best.Save(network, epoch, loss, accuracy);
            }
            else if (epoch - best.Epoch >= options.Patience)
            {
                break;
            }
        }

        if (validation.Length > 0)
        {
            best.Restore(network);
        }

        meter.Report(1);
        var used = options.ToParameters();
        used["epochsRun"] = epochsRun.ToString(CultureInfo.InvariantCulture);
        used["bestEpoch"] = best.Epoch.ToString(CultureInfo.InvariantCulture);
        used["vocabularyTokens"] = vocabulary.Keys.Length.ToString(CultureInfo.InvariantCulture);
        used["validationRows"] = validation.Length.ToString(CultureInfo.InvariantCulture);
        if (validation.Length > 0)
        {
            used["validationLoss"] = best.Loss.ToString("0.####", CultureInfo.InvariantCulture);
            used["validationAccuracy"] = best.Accuracy.ToString("0.####", CultureInfo.InvariantCulture);
        }

        used["architecture"] = shape.Description;
        return new TrainingResult(new BiLstmTextClassifier(labels, vocabulary, options.MaxLength, network), used);
    }

    /// <summary>Mean cross-entropy and accuracy; per-example values are summed in row order.</summary>
    internal static (double Loss, double Accuracy) Evaluate(BiLstmNetwork<float> network, int[] rows, int[][] sequences, int[] classes, CancellationToken cancellationToken)
    {
        var losses = new float[rows.Length];
        var correct = new bool[rows.Length];
        Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = cancellationToken }, k =>
        {
            var probabilities = new float[network.Shape.ClassCount];
            losses[k] = network.Loss(sequences[rows[k]], classes[rows[k]], probabilities);
            correct[k] = TextClassifierExtensions.ArgMax(probabilities) == classes[rows[k]];
        });

        var loss = 0.0;
        foreach (var value in losses)
        {
            loss += value;
        }

        return (loss / rows.Length, (double)correct.Count(c => c) / rows.Length);
    }

    private static string[] Labels(IReadOnlyList<LabeledText> rows)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(rows));
        }

        if (rows.Any(r => r is null || string.IsNullOrEmpty(r.Label)))
        {
            throw new ArgumentException("Every training row needs a non-empty label.", nameof(rows));
        }

        var labels = rows.Select(r => r.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return labels.Length >= 2
            ? labels
            : throw new ArgumentException($"Training needs at least two distinct labels; found only '{labels[0]}'.", nameof(rows));
    }

    /// <summary>The best epoch so far and a copy of its weights.</summary>
    private sealed class Checkpoint(BiLstmNetwork<float> network)
    {
        private readonly float[] _weights = new float[network.Weights.Length];
        private readonly float[] _embedding = new float[network.Embedding.Length];

        public int Epoch { get; set; }

        public double Loss { get; private set; } = double.PositiveInfinity;

        public double Accuracy { get; private set; } = double.NaN;

        public void Save(BiLstmNetwork<float> source, int epoch, double loss, double accuracy)
        {
            source.Weights.CopyTo(_weights, 0);
            source.Embedding.CopyTo(_embedding, 0);
            (Epoch, Loss, Accuracy) = (epoch, loss, accuracy);
        }

        public void Restore(BiLstmNetwork<float> target)
        {
            _weights.CopyTo(target.Weights, 0);
            _embedding.CopyTo(target.Embedding, 0);
        }
    }
}
