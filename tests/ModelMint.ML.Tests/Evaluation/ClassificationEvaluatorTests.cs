using ModelMint.ML.Evaluation;

namespace ModelMint.ML.Tests.Evaluation;

public class ClassificationEvaluatorTests
{
    private static readonly string[] Labels = ["a", "b", "c"];

    [Fact]
    public void Evaluate_KnownConfusion_GivesKnownMetrics()
    {
        // actual a: a a a b ; actual b: b b a ; actual c: c
        string[] actual = ["a", "a", "a", "a", "b", "b", "b", "c"];
        string[] predicted = ["a", "a", "a", "b", "b", "b", "a", "c"];

        var metrics = ClassificationEvaluator.Evaluate(Labels, actual, predicted);

        Assert.Equal(6.0 / 8, metrics.Accuracy, 1e-12);
        Assert.Equal(8, metrics.TestRows);
        Assert.Equal([[3, 1, 0], [1, 2, 0], [0, 0, 1]], metrics.ConfusionMatrix.Counts.Select(r => r.ToArray()));
        var a = metrics.PerClass[0];
        Assert.Equal(("a", 0.75, 0.75, 0.75, 4), (a.Label, a.Precision, a.Recall, a.F1, a.Support));
        var b = metrics.PerClass[1];
        Assert.Equal(2.0 / 3, b.Precision, 1e-12);
        Assert.Equal(2.0 / 3, b.Recall, 1e-12);
        Assert.Equal((0.75 + (2.0 / 3) + 1) / 3, metrics.MacroF1, 1e-12);
    }

    [Fact]
    public void Evaluate_LabelNeverPredicted_HasZeroPrecisionAndCountsInMacroF1()
    {
        string[] actual = ["a", "b", "c", "c"];
        string[] predicted = ["a", "b", "a", "b"];

        var metrics = ClassificationEvaluator.Evaluate(Labels, actual, predicted);

        var c = metrics.PerClass[2];
        Assert.Equal((0.0, 0.0, 0.0, 2), (c.Precision, c.Recall, c.F1, c.Support));
        // a: P 1/2 R 1 F1 2/3; b: P 1/2 R 1 F1 2/3; c: 0.
        Assert.Equal(4.0 / 9, metrics.MacroF1, 1e-12);
    }

    [Fact]
    public void Evaluate_LabelAbsentFromActualAndPredicted_IsLeftOutOfMacroF1()
    {
        var metrics = ClassificationEvaluator.Evaluate(Labels, ["a", "b"], ["a", "b"]);

        Assert.Equal(1, metrics.MacroF1);
        Assert.Equal(3, metrics.PerClass.Count);
    }

    [Fact]
    public void Evaluate_ActualLabelUnknownToTheModel_CostsAccuracyButIsNotAveraged()
    {
        var metrics = ClassificationEvaluator.Evaluate(Labels, ["a", "b", "z"], ["a", "b", "a"]);

        Assert.Equal(2.0 / 3, metrics.Accuracy, 1e-12);
        Assert.Equal(["a", "b", "c", "z"], metrics.ConfusionMatrix.Labels);
        Assert.Equal(3, metrics.ConfusionMatrix.Counts.Sum(r => r.Sum()));
        // a: P 1/2 R 1 F1 2/3; b: 1; c absent; z not a model label.
        Assert.Equal(((2.0 / 3) + 1) / 2, metrics.MacroF1, 1e-12);
    }

    [Fact]
    public void Evaluate_DifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationEvaluator.Evaluate(Labels, ["a"], ["a", "b"]));
    }
}
