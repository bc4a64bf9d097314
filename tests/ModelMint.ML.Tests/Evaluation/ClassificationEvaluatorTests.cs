using ModelMint.ML.Evaluation;
using ModelMint.ML.Scoring;
using ModelMint.ML.Training;

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
        Assert.Equal([[3, 1, 0], [1, 2, 0], [0, 0, 1]], metrics.ConfusionMatrix!.Counts.Select(r => r.ToArray()));
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
        Assert.Equal(["a", "b", "c", "z"], metrics.ConfusionMatrix!.Labels);
        Assert.Equal(3, metrics.ConfusionMatrix!.Counts.Sum(r => r.Sum()));
        // a: P 1/2 R 1 F1 2/3; b: 1; c absent; z not a model label.
        Assert.Equal(((2.0 / 3) + 1) / 2, metrics.MacroF1, 1e-12);
    }

    [Fact]
    public void Evaluate_DifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationEvaluator.Evaluate(Labels, ["a"], ["a", "b"]));
    }

    [Fact]
    public void EvaluateMultiLabel_KnownLabelSets_GivesKnownMetrics()
    {
        // Row by row: exact; a right + c wrongly added; c missed; both empty (exact); b missed + a wrongly added.
        IReadOnlyCollection<string>[] actual = [["a", "b"], ["a"], ["c"], [], ["b"]];
        IReadOnlyCollection<string>[] predicted = [["a", "b"], ["a", "c"], [], [], ["a"]];

        var metrics = ClassificationEvaluator.EvaluateMultiLabel(Labels, actual, predicted);

        Assert.Equal(ClassificationMetrics.MultiLabelTask, metrics.Task);
        Assert.Equal(2.0 / 5, metrics.Accuracy, 1e-12);
        Assert.Equal(5, metrics.TestRows);
        Assert.Null(metrics.ConfusionMatrix);
        Assert.Null(metrics.ExpectedCalibrationError);
        var (a, b, c) = (metrics.PerClass[0], metrics.PerClass[1], metrics.PerClass[2]);
        // a: TP 2, FP 1, FN 0; b: TP 1, FP 0, FN 1; c: TP 0, FP 1, FN 1.
        Assert.Equal(("a", 2, 2.0 / 3, 1.0, 0.8), (a.Label, a.Support, a.Precision, a.Recall, a.F1));
        Assert.Equal(("b", 2, 1.0, 0.5), (b.Label, b.Support, b.Precision, b.Recall));
        Assert.Equal(2.0 / 3, b.F1, 1e-12);
        Assert.Equal(("c", 1, 0.0, 0.0, 0.0), (c.Label, c.Support, c.Precision, c.Recall, c.F1));
        Assert.Equal((0.8 + (2.0 / 3) + 0) / 3, metrics.MacroF1, 1e-12);
        // Pooled: TP 3, FP 2, FN 2 -> 2·3 / (2·3 + 2 + 2); 4 wrong decisions out of 5 rows × 3 labels.
        Assert.Equal(0.6, metrics.MicroF1!.Value, 1e-12);
        Assert.Equal(4.0 / 15, metrics.HammingLoss!.Value, 1e-12);
    }

    [Fact]
    public void EvaluateMultiLabel_ActualLabelUnknownToTheModel_CountsAsMissedButIsNotAveraged()
    {
        var metrics = ClassificationEvaluator.EvaluateMultiLabel(Labels, [["a", "z"]], [["a"]]);

        Assert.Equal(0, metrics.Accuracy);
        Assert.Equal(["a", "b", "c", "z"], metrics.PerClass.Select(p => p.Label));
        Assert.Equal(1, metrics.MacroF1);
        Assert.Equal(2.0 / 3, metrics.MicroF1!.Value, 1e-12);
        Assert.Equal(1.0 / 4, metrics.HammingLoss!.Value, 1e-12);
    }

    [Fact]
    public void EvaluateMultiLabel_DifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationEvaluator.EvaluateMultiLabel(Labels, [["a"]], []));
    }

    [Fact]
    public void Evaluate_Model_ReportsTheCalibrationErrorOfItsTopLabel()
    {
        // Always 80% sure of "a": right on 4 of 5 rows is perfectly calibrated; on 3 of 5 the gap is 0.2.
        var model = new FixedClassifier(["a", "b"], [0.8f, 0.2f]);
        LabeledText[] test = [new("x", "a"), new("x", "a"), new("x", "a"), new("x", "b"), new("x", "b")];

        var metrics = ClassificationEvaluator.Evaluate(model, test);

        Assert.Equal(ClassificationMetrics.SingleLabelTask, metrics.Task);
        Assert.Equal(0.6, metrics.Accuracy, 1e-12);
        Assert.Equal(0.2, metrics.ExpectedCalibrationError!.Value, 1e-6);
        Assert.NotNull(metrics.ConfusionMatrix);
        Assert.Null(metrics.MicroF1);
    }

    [Fact]
    public void Evaluate_MultiLabelModel_PredictsLabelsAtTheThresholdAndScoresEachDecision()
    {
        // p(a) = 0.9, p(b) = 0.6, p(c) = 0.1: every row predicts {a, b}.
        var model = new FixedClassifier(["a", "b", "c"], [0.9f, 0.6f, 0.1f], multiLabel: true);
        LabeledText[] test = [new("x", "a|b"), new("x", "a"), new("x", " b | a ")];

        var metrics = ClassificationEvaluator.Evaluate(model, test);

        Assert.Equal(ClassificationMetrics.MultiLabelTask, metrics.Task);
        Assert.Equal(2.0 / 3, metrics.Accuracy, 1e-12);
        Assert.Null(metrics.ConfusionMatrix);
        Assert.Equal(1.0 / 9, metrics.HammingLoss!.Value, 1e-12);
        // Decisions by confidence: a at 0.9 (3 right), c at 0.9 = 1 − 0.1 (3 right), b at 0.6 (2 right of 3).
        // Bin (0.867, 0.933]: 6 decisions, all right, gap 0.1; bin (0.533, 0.6]: 3 decisions, 2 right, gap 0.0667.
        Assert.Equal(((6 * 0.1) + (3 * ((2.0 / 3) - 0.6))) / 9, metrics.ExpectedCalibrationError!.Value, 1e-6);
    }

    [Fact]
    public void Metrics_RoundTripThroughWebJsonWithCamelCaseNames()
    {
        var metrics = ClassificationEvaluator.EvaluateMultiLabel(Labels, [["a", "b"], ["c"]], [["a"], ["c"]]) with { ExpectedCalibrationError = 0.03 };

        var json = System.Text.Json.JsonSerializer.Serialize(metrics, System.Text.Json.JsonSerializerOptions.Web);
        var read = System.Text.Json.JsonSerializer.Deserialize<ClassificationMetrics>(json, System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.Contains("\"expectedCalibrationError\":0.03", json, StringComparison.Ordinal);
        Assert.Contains("\"task\":\"multi-label\"", json, StringComparison.Ordinal);
        Assert.Contains("\"confusionMatrix\":null", json, StringComparison.Ordinal);
        Assert.Equal((metrics.Task, metrics.MicroF1, metrics.HammingLoss, metrics.ExpectedCalibrationError), (read.Task, read.MicroF1, read.HammingLoss, read.ExpectedCalibrationError));
        Assert.Equal(metrics.PerClass, read.PerClass);
    }

    [Fact]
    public void Metrics_FromJsonWrittenBeforeTheseFields_ReadAsSingleLabelWithoutCalibrationError()
    {
        const string json = """{"accuracy":1,"macroF1":1,"testRows":1,"perClass":[],"confusionMatrix":{"labels":["a"],"counts":[[1]]}}""";

        var read = System.Text.Json.JsonSerializer.Deserialize<ClassificationMetrics>(json, System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.Equal(ClassificationMetrics.SingleLabelTask, read.Task);
        Assert.Null(read.ExpectedCalibrationError);
        Assert.Equal(1, read.ConfusionMatrix!.Counts[0][0]);
    }

    /// <summary>Scores every text the same.</summary>
    private sealed class FixedClassifier(string[] labels, float[] scores, bool multiLabel = false) : TextClassifier
    {
        public override IReadOnlyList<string> Labels => labels;

        public override bool IsMultiLabel => multiLabel;

        public override float[] Predict(string text) => [.. scores];

        public override void Save(Stream stream) => throw new NotSupportedException();
    }
}
