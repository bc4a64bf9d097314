using System.Diagnostics;
using ModelMint.ML.Evaluation;
using ModelMint.ML.Scoring;
using ModelMint.ML.Tests.TestData;
using ModelMint.ML.Training;
using Xunit.Abstractions;

namespace ModelMint.ML.Tests.Training;

/// <summary>
/// LightGBM through ML.NET's native library on real data (seed 42). Floors are about 0.01 below what it reaches:
/// rt_polarity 0.734 (auto 0.793), the 20-label banking77 slice 0.933.
/// </summary>
public class LightGbmTrainerTests(ITestOutputHelper output)
{
    private const int Seed = 42;

    private static readonly Lazy<(TrainingResult Result, double Seconds, List<CurvePoint> Curve)> RtPolarity = new(() => Train(SharedData.Train("rt_polarity")));

    [Fact]
    public void Train_RtPolarity_LearnsAndIsCalibrated()
    {
        var (result, seconds, _) = RtPolarity.Value;

        var metrics = ClassificationEvaluator.Evaluate(result.Model, SharedData.Test("rt_polarity"));

        output.WriteLine($"rt_polarity: accuracy {metrics.Accuracy:F4}, ECE {metrics.ExpectedCalibrationError:F4}, trained in {seconds:F1} s");
        Assert.True(metrics.Accuracy >= 0.723, $"accuracy {metrics.Accuracy:F4}");
        Assert.True(metrics.ExpectedCalibrationError <= 0.05, $"ECE {metrics.ExpectedCalibrationError:F4}");
        Assert.Equal("temperature", result.Parameters["calibration"]);
        Assert.Equal("2000", result.Parameters["featuresUsed"]);
    }

    [Fact]
    public void Train_Banking77Slice_LearnsTwentyLabels()
    {
        var keep = SharedData.Train("banking77").Select(r => r.Label).Distinct().Order(StringComparer.Ordinal).Take(20).ToHashSet();
        var (result, seconds, _) = Train([.. SharedData.Train("banking77").Where(r => keep.Contains(r.Label))]);

        var metrics = ClassificationEvaluator.Evaluate(result.Model, [.. SharedData.Test("banking77").Where(r => keep.Contains(r.Label))]);

        output.WriteLine($"banking77, 20 labels: accuracy {metrics.Accuracy:F4}, ECE {metrics.ExpectedCalibrationError:F4}, trained in {seconds:F1} s");
        Assert.Equal(20, result.Model.Labels.Count);
        Assert.True(metrics.Accuracy >= 0.92, $"accuracy {metrics.Accuracy:F4}");
    }

    [Fact]
    public void Train_ReportsACurvePointAndALeaderboardEntryForTheFit()
    {
        var (result, _, curve) = RtPolarity.Value;

        var point = Assert.Single(curve);
        Assert.Equal(("lightgbm", 100), (point.Series, point.Step));
        Assert.InRange(point.ValidationAccuracy!.Value, 0.6, 1);
        Assert.True(point.ValidationLoss > 0);
        var entry = Assert.Single(result.Leaderboard!);
        Assert.True(entry.Chosen);
        Assert.Equal(point.ValidationAccuracy, entry.ValidationAccuracy);
    }

    [Fact]
    public void Predict_ScoresAreProbabilitiesSummingToOne()
    {
        var model = RtPolarity.Value.Result.Model;

        foreach (var text in new[] { "a moving, beautifully acted film", "", "dull and lifeless", "???" })
        {
            var scores = model.Predict(text);

            Assert.Equal(2, scores.Length);
            Assert.Equal(1, scores.Sum(), 1e-5);
        }
    }

    [Fact]
    public void LoadOfSave_PredictsIdentically()
    {
        var model = RtPolarity.Value.Result.Model;
        using var file = new MemoryStream();

        model.Save(file);
        file.Position = 0;
        var loaded = TextClassifierFile.Load(file);

        Assert.IsType<LightGbmTextClassifier>(loaded);
        Assert.Equal(model.Labels, loaded.Labels);
        foreach (var row in SharedData.Test("rt_polarity").Where((_, i) => i % 20 == 0))
        {
            Assert.Equal(model.Predict(row.Text), loaded.Predict(row.Text));
        }
    }

    [Fact]
    public void Predict_FromManyThreads_MatchesSequentialResults()
    {
        var model = RtPolarity.Value.Result.Model;
        var texts = SharedData.Test("rt_polarity").Where((_, i) => i % 5 == 0).Select(r => r.Text).ToArray();
        var expected = texts.Select(model.Predict).ToArray();

        var actual = new float[texts.Length][];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = model.Predict(texts[i]));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Train_SameDataAndSeed_GivesIdenticalModels()
    {
        var all = SharedData.Train("rt_polarity");
        var rows = DatasetSplit.Stratified(all, 1 - (1500.0 / all.Count), 1).Train;
        var test = DatasetSplit.Stratified(SharedData.Test("rt_polarity"), 0.15, 1).Test;

        var first = Train(rows).Result;
        var second = Train(rows).Result;

        Assert.Equal(ClassificationEvaluator.Evaluate(first.Model, test), ClassificationEvaluator.Evaluate(second.Model, test), MetricsComparer.Instance);
        Assert.Equal(first.Parameters, second.Parameters);
        foreach (var row in test.Take(50))
        {
            Assert.Equal(first.Model.Predict(row.Text), second.Model.Predict(row.Text));
        }
    }

    [Theory]
    [InlineData("numberOfIterations", "0", "'numberOfIterations' of trainer 'lightgbm' must be a whole number from 1 to 10000, not '0'")]
    [InlineData("numberOfIterations", "ten", "'numberOfIterations'")]
    [InlineData("learningRate", "0", "'learningRate' of trainer 'lightgbm' must be a number greater than 0 and at most 1, such as 0.1, not '0'")]
    [InlineData("learningRate", "1.5", "'learningRate'")]
    [InlineData("numberOfLeaves", "1", "'numberOfLeaves' of trainer 'lightgbm' must be a whole number from 2 to 4096, not '1'")]
    [InlineData("minimumExampleCountPerLeaf", "-3", "'minimumExampleCountPerLeaf'")]
    [InlineData("maxFeatures", "0", "'maxFeatures'")]
    [InlineData("c", "0.5", "Unknown parameter 'c' for trainer 'lightgbm'")]
    public void ValidateParameters_BadValue_ExplainsWhatIsAllowed(string name, string value, string expected)
    {
        var messages = new LightGbmTrainer().ValidateParameters(new Dictionary<string, string> { [name] = value });

        Assert.Contains(expected, Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateParameters_GoodValues_AreAccepted()
    {
        var parameters = new Dictionary<string, string>
        {
            ["numberOfIterations"] = "50",
            ["learningRate"] = "0.3",
            ["numberOfLeaves"] = "15",
            ["minimumExampleCountPerLeaf"] = "5",
            ["maxFeatures"] = "500",
        };

        Assert.Empty(new LightGbmTrainer().ValidateParameters(parameters));
    }

    [Fact]
    public void Train_GivenParameters_UsesThem()
    {
        var parameters = new Dictionary<string, string> { ["numberOfIterations"] = "20", ["numberOfLeaves"] = "7", ["maxFeatures"] = "50", ["minimumExampleCountPerLeaf"] = "5" };

        var result = new LightGbmTrainer().Train(new TrainingRequest(TinyCorpus.Topics(40), parameters, Seed), NullTrainingObserver.Instance, CancellationToken.None);

        Assert.Equal(("20", "7"), (result.Parameters["numberOfIterations"], result.Parameters["numberOfLeaves"]));
        Assert.True(int.Parse(result.Parameters["featuresUsed"], System.Globalization.CultureInfo.InvariantCulture) <= 50);
        Assert.Equal("sport", result.Model.PredictTop("the striker scored a goal in the match").Label);
    }

    [Fact]
    public void Train_AlreadyCancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new LightGbmTrainer().Train(
            new TrainingRequest(TinyCorpus.Topics(20), new Dictionary<string, string>(), Seed), NullTrainingObserver.Instance, cancelled.Token));
    }

    [Fact]
    public void Train_MultiLabel_IsRefused()
    {
        var request = new TrainingRequest(TinyCorpus.Topics(10), new Dictionary<string, string>(), Seed, MultiLabel: true);

        var error = Assert.Throws<ArgumentException>(() => new LightGbmTrainer().Train(request, NullTrainingObserver.Instance, CancellationToken.None));

        Assert.Contains("multi-label", error.Message, StringComparison.Ordinal);
    }

    private static (TrainingResult Result, double Seconds, List<CurvePoint> Curve) Train(IReadOnlyList<LabeledText> rows)
    {
        var curve = new CurveRecorder();
        var clock = Stopwatch.StartNew();
        var result = new LightGbmTrainer().Train(new TrainingRequest(rows, new Dictionary<string, string>(), Seed), curve, CancellationToken.None);
        return (result, clock.Elapsed.TotalSeconds, curve.Points);
    }

    private sealed class CurveRecorder : ITrainingObserver
    {
        public List<CurvePoint> Points { get; } = [];

        public void Progress(double fraction)
        {
        }

        public void Curve(CurvePoint point)
        {
            lock (Points)
            {
                Points.Add(point);
            }
        }
    }
}
