using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.Training;

public class LinearSvmSolverTests
{
    // Two features; class 1 where x0 > x1.
    private static readonly SparseVector[] Binary =
    [
        Dense(2, 0.1f), Dense(1.5f, 0.2f), Dense(3, 1), Dense(2.5f, 0.5f),
        Dense(0.1f, 2), Dense(0.2f, 1.5f), Dense(1, 3), Dense(0.5f, 2.5f),
    ];

    private static readonly int[] BinaryClasses = [1, 1, 1, 1, 0, 0, 0, 0];

    [Fact]
    public void Train_SeparableBinaryProblem_ClassifiesEveryTrainingRow()
    {
        var model = LinearSvmSolver.Train(Binary, BinaryClasses, 2, 2, new LinearSvmOptions { C = 10, Tolerance = 1e-4 });

        for (var i = 0; i < Binary.Length; i++)
        {
            Assert.Equal(BinaryClasses[i], Predict(model, Binary[i]));
        }
    }

    [Fact]
    public void Train_TwoClasses_StoresOppositeDecisionFunctions()
    {
        var model = LinearSvmSolver.Train(Binary, BinaryClasses, 2, 2);

        var scores = new float[2];
        model.DecisionValues(Dense(1, 2), scores);

        Assert.Equal(-scores[0], scores[1]);
        Assert.Equal(-model.Weight(0, 0), model.Weight(0, 1));
    }

    [Fact]
    public void Train_SeparableThreeClassProblem_ClassifiesEveryTrainingRow()
    {
        SparseVector[] rows = [One(0, 1), One(0, 2), One(0, 1.5f), One(1, 1), One(1, 2), One(1, 0.5f), One(2, 1), One(2, 3), One(2, 1.2f)];
        int[] classes = [0, 0, 0, 1, 1, 1, 2, 2, 2];

        var model = LinearSvmSolver.Train(rows, classes, 3, 3, new LinearSvmOptions { C = 10 });

        Assert.Equal(classes, rows.Select(r => Predict(model, r)));
    }

    [Fact]
    public void Train_SameSeed_GivesIdenticalWeightsWhateverTheParallelism()
    {
        SparseVector[] rows = [.. Enumerable.Range(0, 60).Select(i => Dense(i % 7, (i * 13 % 11) - 5f))];
        int[] classes = [.. Enumerable.Range(0, 60).Select(i => i % 3)];

        var serial = LinearSvmSolver.Train(rows, classes, 3, 2, new LinearSvmOptions { Seed = 7, MaxDegreeOfParallelism = 1 });
        var parallel = LinearSvmSolver.Train(rows, classes, 3, 2, new LinearSvmOptions { Seed = 7, MaxDegreeOfParallelism = 2 });

        Assert.Equal(serial.Weights, parallel.Weights);
        Assert.Equal(serial.Biases, parallel.Biases);
    }

    [Fact]
    public void Train_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => LinearSvmSolver.Train(Binary, BinaryClasses, 2, 2, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Train_FeatureIndexOutsideDimension_Throws()
    {
        Assert.Throws<ArgumentException>(() => LinearSvmSolver.Train(Binary, BinaryClasses, 2, 1));
    }

    [Fact]
    public void TrainMultiLabel_IndependentLabels_LearnsEachOnItsOwn()
    {
        // Label 0 where feature 0 is present, label 1 where feature 1 is; rows may have both or neither.
        SparseVector[] rows = [Dense(1, 0), Dense(0, 1), Dense(1, 1), new([], []), Dense(1, 0), Dense(0, 1), Dense(1, 1), new([], [])];
        int[][] labels = [[0], [1], [0, 1], [], [0], [1], [0, 1], []];

        var model = LinearSvmSolver.TrainMultiLabel(rows, labels, 2, 2, new LinearSvmOptions { C = 10, Tolerance = 1e-4 });

        var scores = new float[2];
        for (var i = 0; i < rows.Length; i++)
        {
            model.DecisionValues(rows[i], scores);
            Assert.Equal(labels[i].Contains(0), scores[0] > 0);
            Assert.Equal(labels[i].Contains(1), scores[1] > 0);
        }
    }

    [Fact]
    public void Train_NaiveBayesScaling_StillSeparatesAndScoresRawFeatures()
    {
        var model = LinearSvmSolver.Train(Binary, BinaryClasses, 2, 2, new LinearSvmOptions { C = 10, Tolerance = 1e-4, NaiveBayesSmoothing = 1 });

        for (var i = 0; i < Binary.Length; i++)
        {
            Assert.Equal(BinaryClasses[i], Predict(model, Binary[i]));
        }
    }

    [Fact]
    public void Train_NegativeNaiveBayesSmoothing_Throws()
    {
        Assert.Throws<ArgumentException>(() => LinearSvmSolver.Train(Binary, BinaryClasses, 2, 2, new LinearSvmOptions { NaiveBayesSmoothing = -1 }));
    }

    private static SparseVector Dense(float x0, float x1) => new([0, 1], [x0, x1]);

    private static SparseVector One(int index, float value) => new([index], [value]);

    private static int Predict(LinearSvmModel model, SparseVector x)
    {
        var scores = new float[model.ClassCount];
        model.DecisionValues(x, scores);
        return Array.IndexOf(scores, scores.Max());
    }
}
