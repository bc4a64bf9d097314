using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.Training;

public class ScoreCalibratorTests
{
    [Fact]
    public void FitTemperature_ScoresDrawnAtTemperatureTwo_RecoverIt()
    {
        var (decisions, truth) = Sample(classCount: 3, temperature: 2.0, rows: 20_000);

        var calibration = ScoreCalibrator.FitTemperature(decisions, truth, 3);

        Assert.Equal("temperature", calibration.Method);
        Assert.Equal(2.0, calibration.Temperature, 0.1);
        Assert.All(calibration.Offsets, o => Assert.Equal(0f, o));
    }

    [Fact]
    public void FitPlatt_ScoresDrawnWithAnIntercept_RecoverSlopeAndIntercept()
    {
        // p₁ = σ(a·f + b) with a = 1.5, b = −0.5; decisions are (−f, f).
        var random = new Random(3);
        var decisions = new float[2 * 20_000];
        var truth = new int[20_000];
        for (var i = 0; i < truth.Length; i++)
        {
            var f = (float)((random.NextDouble() * 6) - 3);
            (decisions[2 * i], decisions[(2 * i) + 1]) = (-f, f);
            truth[i] = random.NextDouble() < 1 / (1 + Math.Exp(-((1.5 * f) - 0.5))) ? 1 : 0;
        }

        var calibration = ScoreCalibrator.FitPlatt(decisions, truth);

        Assert.Equal("platt", calibration.Method);
        Assert.Equal(2 / 1.5, calibration.Temperature, 0.1);
        Assert.Equal(-0.5, calibration.Offsets[1], 0.1);
    }

    [Fact]
    public void ToProbabilities_GivesASoftmaxThatSumsToOne()
    {
        var calibration = new ScoreCalibration("temperature", 0.5f, [0f, 0f, 0f]);
        float[] scores = [1000f, 999f, -1000f];

        calibration.ToProbabilities(scores);

        Assert.Equal(1, scores.Sum(), 1e-6);
        Assert.Equal(1 / (1 + Math.Exp(-2)), scores[0], 1e-6);
        Assert.Equal(0f, scores[2]);
    }

    /// <summary>Random decision values with each row's class drawn from softmax(d / T).</summary>
    private static (float[] Decisions, int[] Truth) Sample(int classCount, double temperature, int rows)
    {
        var random = new Random(1);
        var decisions = new float[rows * classCount];
        var truth = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var row = decisions.AsSpan(i * classCount, classCount);
            for (var k = 0; k < classCount; k++)
            {
                row[k] = (float)((random.NextDouble() * 8) - 4);
            }

            var weights = row.ToArray().Select(d => Math.Exp(d / temperature)).ToArray();
            var draw = random.NextDouble() * weights.Sum();
            var chosen = 0;
            while (chosen < classCount - 1 && (draw -= weights[chosen]) > 0)
            {
                chosen++;
            }

            truth[i] = chosen;
        }

        return (decisions, truth);
    }
}
