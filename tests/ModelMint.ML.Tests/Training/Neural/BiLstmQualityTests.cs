using ModelMint.ML.Tests.TestData;
using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.Training.Neural;

/// <summary>A small network on real reviews: quick enough for every run, big enough to show that it learns.</summary>
public class BiLstmQualityTests
{
    [Fact]
    public void Train_RtPolaritySample_LossFallsAndBeatsChance()
    {
        // Every 4th row: the file is sorted by label, so a stride keeps both classes (about 2,100 rows).
        var rows = SharedData.Train("rt_polarity").Where((_, i) => i % 4 == 0).ToArray();
        var test = SharedData.Test("rt_polarity").Where((_, i) => i % 2 == 0).ToArray();
        var observer = new RecordingObserver();

        var result = new ModelMint.ML.Training.Neural.BiLstmTrainer().Train(
            new TrainingRequest(
                rows,
                new Dictionary<string, string> { ["embeddingDim"] = "32", ["hiddenSize"] = "32", ["denseSize"] = "32", ["epochs"] = "6", ["patience"] = "6" },
                42),
            observer,
            CancellationToken.None);

        var losses = observer.Points.Select(p => p.TrainingLoss!.Value).ToArray();
        Assert.Equal(6, losses.Length);
        Assert.True(losses[^1] < losses[0] * 0.8, $"training loss went {string.Join(" → ", losses.Select(l => l.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))}");
        var accuracy = BiLstmTrainerTests.Accuracy(result.Model, test);
        Assert.True(accuracy >= 0.62, $"test accuracy {accuracy:0.###}");
    }
}
