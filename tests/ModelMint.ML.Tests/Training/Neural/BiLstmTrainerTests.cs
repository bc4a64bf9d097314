using System.Globalization;
using ModelMint.ML.Scoring;
using ModelMint.ML.Tests.TestData;
using ModelMint.ML.Training;
using ModelMint.ML.Training.Neural;

namespace ModelMint.ML.Tests.Training.Neural;

public class BiLstmTrainerTests
{
    private static readonly BiLstmTrainer Trainer = new();

    [Fact]
    public void Train_SeparableEnglishData_ClassifiesNewRows()
    {
        var model = Train(TinyCorpus.English(100)).Model;

        Assert.True(Accuracy(model, TinyCorpus.English(50, seed: 2)) >= 0.95);
        Assert.Equal("positive", model.PredictTop("what a wonderful, excellent film").Label);
        Assert.Equal("negative", model.PredictTop("a tedious and dreadful plot").Label);
    }

    [Fact]
    public void Train_SeparableChineseData_ClassifiesNewRows()
    {
        var model = Train(TinyCorpus.Chinese(100)).Model;

        Assert.True(Accuracy(model, TinyCorpus.Chinese(50, seed: 2)) >= 0.95);
        Assert.Equal("negative", model.PredictTop("隔音不好，早餐难吃").Label);
    }

    [Fact]
    public void Train_ThreeTopics_ClassifiesNewRows()
    {
        var model = Train(TinyCorpus.Topics(60)).Model;

        Assert.Equal(["money", "sport", "weather"], model.Labels);
        Assert.True(Accuracy(model, TinyCorpus.Topics(30, seed: 2)) >= 0.95);
    }

    [Fact]
    public async Task Train_SameSeed_GivesBitIdenticalModels()
    {
        var rows = TinyCorpus.Topics(40);

        // Two at once, so their batches' shards interleave differently on the thread pool than in a lone run.
        var concurrent = await Task.WhenAll(Task.Run(() => Bytes(Train(rows).Model)), Task.Run(() => Bytes(Train(rows).Model)));
        var alone = Bytes(Train(rows).Model);

        Assert.Equal(alone, concurrent[0]);
        Assert.Equal(alone, concurrent[1]);
    }

    [Fact]
    public void Train_DifferentSeed_GivesDifferentWeights()
    {
        var rows = TinyCorpus.English(40);
        var first = (BiLstmTextClassifier)Train(rows, seed: 1).Model;
        var second = (BiLstmTextClassifier)Train(rows, seed: 2).Model;

        Assert.NotEqual(first.Network.Weights, second.Network.Weights);
        Assert.NotEqual(first.Predict("great film"), second.Predict("great film"));
    }

    [Fact]
    public void SaveAndLoad_RoundTrip_PredictsIdentically()
    {
        var model = Train(TinyCorpus.Topics(30)).Model;
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;

        var loaded = TextClassifierFile.Load(stream);

        Assert.IsType<BiLstmTextClassifier>(loaded);
        Assert.Equal(model.Labels, loaded.Labels);
        Assert.Equal(stream.Length, stream.Position);
        foreach (var text in new[] { "rain and storm", "the striker scored a goal", "", "unseen words only" })
        {
            Assert.Equal(model.Predict(text), loaded.Predict(text));
        }
    }

    [Fact]
    public void Load_TruncatedFile_IsRejected()
    {
        var bytes = Bytes(Train(TinyCorpus.English(20)).Model);

        Assert.Throws<InvalidDataException>(() => TextClassifierFile.Load(new MemoryStream(bytes[..(bytes.Length / 2)])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("zzz qqq xxyz")]
    [InlineData("a")]
    [InlineData("wonderful")]
    [InlineData("非常满意")]
    public void Predict_AnyText_GivesProbabilitiesThatSumToOne(string text)
    {
        var model = Train(TinyCorpus.English(30)).Model;

        var probabilities = model.Predict(text);

        Assert.Equal(2, probabilities.Length);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(1, probabilities.Sum(), 5);
    }

    [Fact]
    public void Predict_TextLongerThanMaxLength_OnlyReadsTheFirstTokens()
    {
        var model = Train(TinyCorpus.English(30), ("maxLength", "4")).Model;

        Assert.Equal(model.Predict("the film was great"), model.Predict("the film was great but awful awful awful terrible"));
    }

    [Fact]
    public void Predict_FromManyThreads_MatchesOneThread()
    {
        var model = Train(TinyCorpus.English(30)).Model;
        var texts = TinyCorpus.English(50, seed: 3).Select(r => r.Text).ToArray();
        var expected = texts.Select(model.Predict).ToArray();
        var actual = new float[texts.Length][];

        Parallel.For(0, texts.Length * 4, i => actual[i % texts.Length] = model.Predict(texts[i % texts.Length]));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Train_ValidationLossRises_StopsEarlyAndKeepsTheBestEpoch()
    {
        // Labels drawn at random: all the network can learn is the training rows, so held-out loss soon climbs.
        var random = new Random(3);
        var rows = TinyCorpus.English(60).Select(r => r with { Label = random.Next(2) == 0 ? "positive" : "negative" }).ToArray();
        var observer = new RecordingObserver();

        var result = Train(rows, observer, seed: 5, ("epochs", "40"), ("patience", "1"), ("validationFraction", "0.3"), ("learningRate", "0.01"));

        var epochsRun = int.Parse(result.Parameters["epochsRun"], CultureInfo.InvariantCulture);
        var bestEpoch = int.Parse(result.Parameters["bestEpoch"], CultureInfo.InvariantCulture);
        Assert.InRange(epochsRun, 2, 39);
        Assert.Equal(epochsRun - 1, bestEpoch);
        Assert.Equal(Enumerable.Range(1, epochsRun), observer.Points.Select(p => p.Step));
        var best = observer.Points.MinBy(p => p.ValidationLoss)!;
        Assert.Equal(bestEpoch, best.Step);

        // The model returned is the best epoch's: its loss on the held-out rows is the one reported for that epoch.
        var isValidation = DatasetSplit.StratifiedTestRows([.. rows.Select(r => r.Label)], 0.3, 5);
        var heldOut = rows.Where((_, i) => isValidation[i]).ToArray();
        var loss = heldOut.Average(r => -Math.Log(result.Model.Predict(r.Text)[result.Model.Labels.ToList().IndexOf(r.Label)]));
        Assert.Equal(best.ValidationLoss!.Value, loss, 4);
    }

    [Fact]
    public void Train_ReportsProgressFromZeroToOneAndOneCurvePointPerEpoch()
    {
        var observer = new RecordingObserver();

        var result = Train(TinyCorpus.Topics(40), observer, seed: 1, ("epochs", "3"), ("patience", "5"), ("batchSize", "8"));

        Assert.Equal(0, observer.Values[0]);
        Assert.Equal(1, observer.Values[^1]);
        Assert.Equal(observer.Values.Order(), observer.Values);
        Assert.True(observer.Values.Count > 3 * (108 / 8));
        Assert.Equal("3", result.Parameters["epochsRun"]);
        Assert.Equal([1, 2, 3], observer.Points.Select(p => p.Step));
        Assert.All(observer.Points, p =>
        {
            Assert.Equal("bilstm", p.Series);
            Assert.True(p.TrainingLoss > 0);
            Assert.True(p.ValidationLoss > 0);
            Assert.InRange(p.ValidationAccuracy!.Value, 0, 1);
        });
    }

    [Fact]
    public void Train_TooFewRowsToHoldOut_TrainsAllEpochsWithoutValidation()
    {
        var observer = new RecordingObserver();
        LabeledText[] rows = [new("good", "positive"), new("bad", "negative"), new("great", "positive")];

        var result = Train(rows, observer, seed: 1, ("epochs", "3"));

        Assert.Equal("3", result.Parameters["epochsRun"]);
        Assert.Equal("3", result.Parameters["bestEpoch"]);
        Assert.Equal("0", result.Parameters["validationRows"]);
        Assert.All(observer.Points, p => Assert.Null(p.ValidationLoss));
    }

    [Fact]
    public void Train_ReportsTheParametersItUsed()
    {
        var result = Trainer.Train(
            new TrainingRequest(TinyCorpus.English(30), new Dictionary<string, string> { ["EPOCHS"] = "2", ["embeddingDim"] = "8", ["hiddenSize"] = "8", ["denseSize"] = "8" }, 1),
            NullTrainingObserver.Instance,
            CancellationToken.None);

        var expected = new Dictionary<string, string>
        {
            ["epochs"] = "2",
            ["learningRate"] = "0.002",
            ["maxLength"] = "64",
            ["batchSize"] = "64",
            ["patience"] = "2",
            ["embeddingDim"] = "8",
            ["hiddenSize"] = "8",
            ["denseSize"] = "8",
            ["vocabularySize"] = "30000",
            ["minCount"] = "2",
            ["validationFraction"] = "0.1",
            ["architecture"] = "embedding8-bilstm8x2-final-states-dense8-relu-softmax2",
            ["validationRows"] = "6",
        };
        foreach (var (name, value) in expected)
        {
            Assert.Equal(value, result.Parameters[name]);
        }

        Assert.Contains(result.Parameters["bestEpoch"], new[] { "1", "2" });
        Assert.Equal("21", result.Parameters["vocabularyTokens"]); // TinyCorpus's 6 + 6 sentiment words and 9 fillers
        Assert.True(result.Parameters.ContainsKey("validationLoss"));
        Assert.True(result.Parameters.ContainsKey("validationAccuracy"));
    }

    [Fact]
    public void Train_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        var observer = new RecordingObserver(fraction =>
        {
            if (fraction > 0)
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => Train(TinyCorpus.English(100), observer, 1, cancellation.Token, ("epochs", "50")));
        Assert.True(observer.Values[^1] < 0.5);
    }

    public static TheoryData<string, string, string> InvalidParameters => new()
    {
        { "epochs", "-1", "Parameter 'epochs' of trainer 'bilstm' must be a positive whole number, not '-1'." },
        { "epochs", "5000", "Parameter 'epochs' of trainer 'bilstm' must be a whole number from 1 to 1000, not '5000'." },
        { "learningRate", "0", "Parameter 'learningRate' of trainer 'bilstm' must be a positive number such as 0.5, not '0'." },
        { "maxLength", "ten", "Parameter 'maxLength' of trainer 'bilstm' must be a positive whole number, not 'ten'." },
        { "batchSize", "0", "Parameter 'batchSize' of trainer 'bilstm' must be a positive whole number, not '0'." },
        { "patience", "1.5", "Parameter 'patience' of trainer 'bilstm' must be a positive whole number, not '1.5'." },
        { "maxLength", "2000", "Parameter 'maxLength' of trainer 'bilstm' must be a whole number from 1 to 1024, not '2000'." },
        { "hiddenSize", "4096", "Parameter 'hiddenSize' of trainer 'bilstm' must be a whole number from 1 to 1024, not '4096'." },
        { "validationFraction", "1", "Parameter 'validationFraction' of trainer 'bilstm' must be a number between 0 and 1 (exclusive) such as 0.1, not '1'." },
        { "dropout", "0.5", "Unknown parameter 'dropout' for trainer 'bilstm'; known parameters: epochs, learningRate, maxLength, batchSize, patience, embeddingDim, hiddenSize, denseSize, vocabularySize, minCount, validationFraction." },
    };

    [Theory]
    [MemberData(nameof(InvalidParameters))]
    public void InvalidParameter_IsReportedByValidateAndRefusedByTrain(string name, string value, string message)
    {
        var parameters = new Dictionary<string, string> { [name] = value };

        Assert.Equal([message], Trainer.ValidateParameters(parameters));
        var refusal = Assert.ThrowsAny<ArgumentException>(() =>
            Trainer.Train(new TrainingRequest(TinyCorpus.English(10), parameters, 1), NullTrainingObserver.Instance, CancellationToken.None));
        Assert.StartsWith(message, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateParameters_HugeEmbedding_IsRefused()
    {
        var messages = Trainer.ValidateParameters(new Dictionary<string, string> { ["vocabularySize"] = "1000000", ["embeddingDim"] = "1024" });

        Assert.Equal(["Parameters 'vocabularySize' × 'embeddingDim' of trainer 'bilstm' must be at most 67108864, not 1000000 × 1024."], messages);
    }

    [Fact]
    public void ValidateParameters_AllKnownNamesAnyCase_AreAccepted()
    {
        var parameters = new Dictionary<string, string>
        {
            ["Epochs"] = "3",
            ["learningrate"] = "1e-3",
            ["maxLength"] = "32",
            ["batchSize"] = "32",
            ["patience"] = "1",
            ["embeddingDim"] = "64",
            ["hiddenSize"] = "64",
            ["denseSize"] = "32",
            ["vocabularySize"] = "5000",
            ["minCount"] = "1",
            ["validationFraction"] = "0.2",
        };

        Assert.Empty(Trainer.ValidateParameters(parameters));
        Assert.Empty(Trainer.ValidateParameters(new Dictionary<string, string>()));
    }

    [Fact]
    public void Train_OneLabel_IsRefused()
    {
        var rows = TinyCorpus.English(10).Select(r => r with { Label = "positive" }).ToArray();

        var refusal = Assert.Throws<ArgumentException>(() => Train(rows));

        Assert.Contains("at least two distinct labels", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_MultiLabelRequest_IsRefused()
    {
        var request = new TrainingRequest(TinyCorpus.English(10), new Dictionary<string, string>(), 1) { MultiLabel = true };

        var refusal = Assert.Throws<ArgumentException>(() => Trainer.Train(request, NullTrainingObserver.Instance, CancellationToken.None));

        Assert.StartsWith("The 'bilstm' trainer does not support multi-label training", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultCatalog_OffersBilstm()
    {
        Assert.True(TrainerCatalog.CreateDefault().TryGet("BiLSTM", out var trainer));
        Assert.IsType<BiLstmTrainer>(trainer);
    }

    /// <summary>Trains a small network (16 wide everywhere) for 8 epochs; extra parameters override.</summary>
    internal static TrainingResult Train(IReadOnlyList<LabeledText> rows, params (string Name, string Value)[] extra) =>
        Train(rows, NullTrainingObserver.Instance, 1, CancellationToken.None, extra);

    private static TrainingResult Train(IReadOnlyList<LabeledText> rows, int seed) =>
        Train(rows, NullTrainingObserver.Instance, seed, CancellationToken.None);

    private static TrainingResult Train(IReadOnlyList<LabeledText> rows, ITrainingObserver observer, int seed, params (string Name, string Value)[] extra) =>
        Train(rows, observer, seed, CancellationToken.None, extra);

    private static TrainingResult Train(
        IReadOnlyList<LabeledText> rows, ITrainingObserver observer, int seed, CancellationToken cancellationToken, params (string Name, string Value)[] extra)
    {
        var parameters = new Dictionary<string, string>
        {
            ["embeddingDim"] = "16",
            ["hiddenSize"] = "16",
            ["denseSize"] = "16",
            ["minCount"] = "1",
            ["batchSize"] = "16",
            ["epochs"] = "8",
            ["patience"] = "3",
        };
        foreach (var (name, value) in extra)
        {
            parameters[name] = value;
        }

        return Trainer.Train(new TrainingRequest(rows, parameters, seed), observer, cancellationToken);
    }

    internal static double Accuracy(TextClassifier model, IEnumerable<LabeledText> rows) =>
        rows.Average(r => model.PredictTop(r.Text).Label == r.Label ? 1.0 : 0.0);

    private static byte[] Bytes(TextClassifier model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }
}

/// <summary>Records progress and curve points; optionally reacts to each progress report.</summary>
internal sealed class RecordingObserver(Action<double>? onProgress = null) : ITrainingObserver
{
    public List<double> Values { get; } = [];

    public List<CurvePoint> Points { get; } = [];

    public void Progress(double fraction)
    {
        lock (Values)
        {
            Values.Add(fraction);
        }

        onProgress?.Invoke(fraction);
    }

    public void Curve(CurvePoint point)
    {
        lock (Points)
        {
            Points.Add(point);
        }
    }
}
