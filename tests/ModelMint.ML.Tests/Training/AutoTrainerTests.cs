using ModelMint.ML.Scoring;
using ModelMint.ML.Tests.TestData;
using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.Training;

public class AutoTrainerTests
{
    private static readonly Dictionary<string, string> NoParameters = [];

    [Fact]
    public void Train_SeparableEnglishData_LearnsIt()
    {
        var result = new AutoTrainer().Train(Request(TinyCorpus.English(100)), new RecordingProgress(), CancellationToken.None);

        Assert.Equal("positive", result.Model.PredictTop("what a wonderful, excellent film").Label);
        Assert.Equal("negative", result.Model.PredictTop("a tedious and dreadful plot").Label);
    }

    [Fact]
    public void Train_SeparableChineseData_LearnsIt()
    {
        var result = new AutoTrainer().Train(Request(TinyCorpus.Chinese(100)), new RecordingProgress(), CancellationToken.None);

        Assert.Equal("positive", result.Model.PredictTop("服务很好，非常满意").Label);
        Assert.Equal("negative", result.Model.PredictTop("隔音不好，早餐难吃").Label);
    }

    [Fact]
    public void Train_ReportsTheParametersItUsed()
    {
        var result = new AutoTrainer().Train(Request(TinyCorpus.Topics(60)), new RecordingProgress(), CancellationToken.None);

        Assert.Contains(result.Parameters["c"], new[] { "0.1", "0.5", "1" });
        Assert.Equal("temperature", result.Parameters["calibration"]);
        Assert.True(double.Parse(result.Parameters["temperature"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("word1-2+char_wb2-5", result.Parameters["features"]);
        Assert.Equal("60", result.Parameters["timeBudgetSeconds"]);
    }

    [Fact]
    public void Train_GivenC_UsesItWithoutSearching()
    {
        var result = new AutoTrainer().Train(Request(TinyCorpus.English(100), ("C", "2")), new RecordingProgress(), CancellationToken.None);

        Assert.Equal("2", result.Parameters["c"]);
        Assert.Equal("2", result.Parameters["cTried"]);
    }

    [Fact]
    public void Train_TinyTimeBudget_TriesOnlyTheFirstC()
    {
        var result = new AutoTrainer().Train(Request(TinyCorpus.English(100), ("timeBudgetSeconds", "0.000001")), new RecordingProgress(), CancellationToken.None);

        Assert.Equal("0.5", result.Parameters["cTried"]);
        Assert.Equal("0.5", result.Parameters["c"]);
    }

    [Fact]
    public void Train_BinaryData_IsPlattCalibrated()
    {
        var result = new AutoTrainer().Train(Request(TinyCorpus.English(100)), new RecordingProgress(), CancellationToken.None);

        Assert.Equal("platt", result.Parameters["calibration"]);
    }

    [Fact]
    public void Train_ReportsProgressFromZeroToOneWithoutGoingBack()
    {
        var progress = new RecordingProgress();

        new AutoTrainer().Train(Request(TinyCorpus.Topics(60)), progress, CancellationToken.None);

        Assert.Equal(0, progress.Values[0]);
        Assert.Equal(1, progress.Values[^1]);
        Assert.Equal(progress.Values.Order(), progress.Values);
        Assert.True(progress.Values.Count > 10);
    }

    [Fact]
    public void Train_AlreadyCancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => new AutoTrainer().Train(Request(TinyCorpus.English(20)), new RecordingProgress(), cancelled.Token));
    }

    [Fact]
    public void Train_CancelledWhileFitting_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(value =>
        {
            if (value > 0.2)
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(
            () => new AutoTrainer().Train(Request(TinyCorpus.Topics(60)), progress, cancellation.Token));
        Assert.True(progress.Values[^1] < 1);
    }

    [Theory]
    [InlineData("learningRate", "0.1", "Unknown parameter 'learningRate'")]
    [InlineData("c", "lots", "'c'")]
    [InlineData("c", "0", "'c'")]
    [InlineData("c", "-1", "'c'")]
    [InlineData("c", "NaN", "'c'")]
    [InlineData("timeBudgetSeconds", "soon", "'timeBudgetSeconds'")]
    [InlineData("maxIterations", "2.5", "'maxIterations'")]
    public void Train_BadParameter_ThrowsArgumentExceptionNamingIt(string name, string value, string expectedInMessage)
    {
        var error = Assert.ThrowsAny<ArgumentException>(
            () => new AutoTrainer().Train(Request(TinyCorpus.English(10), (name, value)), new RecordingProgress(), CancellationToken.None));

        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OneLabelOnly_ThrowsArgumentException()
    {
        LabeledText[] rows = [new("good", "positive"), new("fine", "positive")];

        Assert.Throws<ArgumentException>(() => new AutoTrainer().Train(new TrainingRequest(rows, NoParameters, 1), new RecordingProgress(), CancellationToken.None));
    }

    [Fact]
    public void Train_TinyDataset_TrainsUncalibrated()
    {
        LabeledText[] rows = [new("good film", "positive"), new("bad film", "negative"), new("good plot", "positive"), new("bad plot", "negative")];

        var result = new AutoTrainer().Train(new TrainingRequest(rows, NoParameters, 1), new RecordingProgress(), CancellationToken.None);

        Assert.Equal("none", result.Parameters["calibration"]);
        Assert.Equal("positive", result.Model.PredictTop("good").Label);
    }

    [Fact]
    public void LinearSvmTrainer_UsesTheGivenCAndRejectsTheTimeBudget()
    {
        var trainer = new LinearSvmTrainer();

        var result = trainer.Train(Request(TinyCorpus.English(40), ("c", "0.25")), new RecordingProgress(), CancellationToken.None);

        Assert.Equal("0.25", result.Parameters["c"]);
        Assert.Throws<ArgumentException>(
            () => trainer.Train(Request(TinyCorpus.English(40), ("timeBudgetSeconds", "5")), new RecordingProgress(), CancellationToken.None));
    }

    [Fact]
    public void Train_SmallDataset_ListsEveryCandidateInTheLeaderboardAndMarksTheBest()
    {
        var result = new AutoTrainer().Train(Request(TinyCorpus.Topics(60)), new RecordingProgress(), CancellationToken.None);

        var board = result.Leaderboard!;
        Assert.Equal(["svm c=0.5", "svm c=0.1", "svm c=1"], board.Select(e => e.Candidate));
        var chosen = Assert.Single(board, e => e.Chosen);
        Assert.Equal(board.Max(e => e.ValidationAccuracy), chosen.ValidationAccuracy);
        Assert.Equal(board.First(e => e.ValidationAccuracy == chosen.ValidationAccuracy), chosen);
        Assert.Equal(result.Parameters["c"], chosen.Parameters["c"]);
        Assert.All(board, e =>
        {
            Assert.InRange(e.ValidationAccuracy, 0, 1);
            Assert.True(e.ValidationLogLoss >= 0);
            Assert.True(e.Seconds >= 0);
            Assert.Equal("5-fold", e.Parameters["validation"]);
            Assert.Equal("tfidf", e.Parameters["weighting"]);
        });
    }

    [Fact]
    public void Train_ReportsOneCurvePointPerCandidate()
    {
        var observer = new RecordingProgress();

        var result = new AutoTrainer().Train(Request(TinyCorpus.Topics(60)), observer, CancellationToken.None);

        Assert.Equal([0, 1, 2], observer.Points.Select(p => p.Step));
        Assert.All(observer.Points, p => Assert.Equal("auto", p.Series));
        Assert.Equal(result.Leaderboard!.Select(e => (double?)e.ValidationAccuracy), observer.Points.Select(p => p.ValidationAccuracy));
        Assert.Equal(result.Leaderboard!.Select(e => e.ValidationLogLoss), observer.Points.Select(p => p.ValidationLoss));
    }

    [Fact]
    public void Train_LargeDataset_AlsoTriesAnNbSvmOnAHoldoutSplit()
    {
        // Past the cross-validation limit the candidates are compared on one 15% split, NB-SVM included.
        var rows = TinyCorpus.English(2600);
        var observer = new RecordingProgress();

        var result = new AutoTrainer().Train(Request(rows), observer, CancellationToken.None);

        Assert.Equal(["svm c=0.5", "svm c=0.1", "svm c=1", "nb-svm c=0.5"], result.Leaderboard!.Select(e => e.Candidate));
        Assert.Equal("nb", result.Leaderboard![3].Parameters["weighting"]);
        Assert.Equal("holdout", result.Parameters["validation"]);
        Assert.Equal(4, observer.Points.Count);
        Assert.Equal("positive", result.Model.PredictTop("a wonderful and delightful film").Label);
    }

    [Fact]
    public void Train_WeightingNb_FitsOnlyNbSvm()
    {
        var result = new AutoTrainer().Train(Request(TinyCorpus.English(100), ("weighting", "NB")), new RecordingProgress(), CancellationToken.None);

        Assert.Equal("nb", result.Parameters["weighting"]);
        Assert.Equal(["nb-svm c=0.5"], result.Leaderboard!.Select(e => e.Candidate));
        Assert.Equal("negative", result.Model.PredictTop("a tedious and dreadful plot").Label);
    }

    [Fact]
    public void ValidateParameters_ExplainsEachBadValue()
    {
        var trainer = new AutoTrainer();

        Assert.Empty(trainer.ValidateParameters(new Dictionary<string, string> { ["c"] = "0.5", ["weighting"] = "tfidf" }));
        Assert.Contains("'weighting'", Assert.Single(trainer.ValidateParameters(new Dictionary<string, string> { ["weighting"] = "bm25" })), StringComparison.Ordinal);
    }

    [Fact]
    public void LinearSvmTrainer_ReportsOneCurvePointAndLeaderboardEntry()
    {
        var observer = new RecordingProgress();

        var result = new LinearSvmTrainer().Train(Request(TinyCorpus.Topics(30)), observer, CancellationToken.None);

        var point = Assert.Single(observer.Points);
        Assert.Equal(("linear-svm", 0), (point.Series, point.Step));
        Assert.NotNull(point.ValidationAccuracy);
        Assert.True(Assert.Single(result.Leaderboard!).Chosen);
    }

    private static TrainingRequest Request(IReadOnlyList<LabeledText> rows, params (string Name, string Value)[] parameters) =>
        new(rows, parameters.ToDictionary(p => p.Name, p => p.Value), 42);

    /// <summary>Records progress and curve points as they are reported.</summary>
    private sealed class RecordingProgress(Action<double>? onReport = null) : ITrainingObserver
    {
        public List<double> Values { get; } = [];

        public List<CurvePoint> Points { get; } = [];

        public void Progress(double fraction)
        {
            lock (Values)
            {
                Values.Add(fraction);
            }

            onReport?.Invoke(fraction);
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
