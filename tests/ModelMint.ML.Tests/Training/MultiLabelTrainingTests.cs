using ModelMint.ML.Evaluation;
using ModelMint.ML.Scoring;
using ModelMint.ML.Tests.TestData;
using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.Training;

public class MultiLabelTrainingTests
{
    private static readonly IReadOnlyList<LabeledText> Test = TinyCorpus.TopicCombinations(200, seed: 2);
    private static readonly Lazy<TrainingResult> Auto = new(() => Train(new AutoTrainer()));

    [Fact]
    public void Train_TopicCombinations_LearnsEveryLabel()
    {
        var metrics = ClassificationEvaluator.Evaluate(Auto.Value.Model, Test);

        Assert.Equal(ClassificationMetrics.MultiLabelTask, metrics.Task);
        Assert.Null(metrics.ConfusionMatrix);
        Assert.True(metrics.MicroF1 >= 0.95, $"micro-F1 {metrics.MicroF1:F4}");
        Assert.True(metrics.MacroF1 >= 0.95, $"macro-F1 {metrics.MacroF1:F4}");
        Assert.True(metrics.Accuracy >= 0.85, $"subset accuracy {metrics.Accuracy:F4}");
        Assert.True(metrics.HammingLoss <= 0.05, $"Hamming loss {metrics.HammingLoss:F4}");
        Assert.Equal(["money", "sport", "weather"], metrics.PerClass.Select(c => c.Label));
        Assert.All(metrics.PerClass, c => Assert.True(c.F1 >= 0.9, $"{c.Label}: F1 {c.F1:F4}"));
        Assert.Equal(Test.Count(r => r.Label.Contains("sport", StringComparison.Ordinal)), metrics.PerClass[1].Support);
        Assert.NotNull(metrics.ExpectedCalibrationError);
    }

    [Fact]
    public void Predict_GivesIndependentProbabilitiesPerLabel()
    {
        var model = Auto.Value.Model;

        var both = model.Predict("the team scored a goal in the rain storm");
        var none = model.Predict("the plot was really quite");

        Assert.True(model.IsMultiLabel);
        Assert.Equal(0.5, model.Threshold);
        Assert.True(both[1] > 0.5 && both[2] > 0.5 && both[0] < 0.5, string.Join(", ", both));
        Assert.True(both.Sum() > 1.2, "two likely labels should not have to share one unit of probability");
        Assert.All(none, p => Assert.True(p < 0.5, $"p = {p}"));
    }

    [Fact]
    public void Train_ReportsPerLabelCalibrationAndSubsetAccuracyOnTheLeaderboard()
    {
        var result = Auto.Value;

        Assert.Equal("true", result.Parameters["multiLabel"]);
        Assert.Equal("platt per label", result.Parameters["calibration"]);
        Assert.Equal(3, result.Leaderboard!.Count);
        Assert.All(result.Leaderboard!, e => Assert.InRange(e.ValidationAccuracy, 0.5, 1));
    }

    [Fact]
    public void LoadOfSave_PredictsIdentically()
    {
        var model = Auto.Value.Model;
        using var file = new MemoryStream();

        model.Save(file);
        file.Position = 0;
        var loaded = TextClassifierFile.Load(file);

        Assert.IsType<MultiLabelTextClassifier>(loaded);
        Assert.True(loaded.IsMultiLabel);
        Assert.Equal(model.Labels, loaded.Labels);
        foreach (var row in Test.Take(50))
        {
            Assert.Equal(model.Predict(row.Text), loaded.Predict(row.Text));
        }
    }

    [Fact]
    public void LinearSvmTrainer_TrainsMultiLabelToo()
    {
        var result = Train(new LinearSvmTrainer());

        var metrics = ClassificationEvaluator.Evaluate(result.Model, Test);

        Assert.True(result.Model.IsMultiLabel);
        Assert.True(metrics.MicroF1 >= 0.95, $"micro-F1 {metrics.MicroF1:F4}");
    }

    [Fact]
    public void Train_NoLabelsAnywhere_ThrowsArgumentException()
    {
        LabeledText[] rows = [new("good", ""), new("fine", " | ")];

        Assert.Throws<ArgumentException>(() => new AutoTrainer().Train(
            new TrainingRequest(rows, new Dictionary<string, string>(), 1, MultiLabel: true), NullTrainingObserver.Instance, CancellationToken.None));
    }

    [Theory]
    [InlineData("a|b", new[] { "a", "b" })]
    [InlineData(" b | a |b", new[] { "b", "a" })]
    [InlineData("", new string[0])]
    [InlineData("||", new string[0])]
    [InlineData("single", new[] { "single" })]
    public void SplitLabels_TrimsDropsEmptiesAndDuplicates(string joined, string[] expected)
    {
        Assert.Equal(expected, LabeledText.SplitLabels(joined));
    }

    private static TrainingResult Train(ITextClassifierTrainer trainer) => trainer.Train(
        new TrainingRequest(TinyCorpus.TopicCombinations(400), new Dictionary<string, string>(), 42, MultiLabel: true),
        NullTrainingObserver.Instance,
        CancellationToken.None);
}
