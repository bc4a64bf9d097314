using ModelMint.ML.Evaluation;

namespace ModelMint.ML.Tests.Evaluation;

public class CalibrationTests
{
    [Fact]
    public void ExpectedCalibrationError_KnownBins_GivesWeightedGap()
    {
        // Bin (0.867, 0.933]: two right at 0.9 -> gap 0.1; bin (0.533, 0.6]: one of two right at 0.6 -> gap 0.1.
        double[] confidences = [0.9, 0.9, 0.6, 0.6];
        bool[] correct = [true, true, true, false];

        Assert.Equal(0.1, Calibration.ExpectedCalibrationError(confidences, correct), 1e-12);
    }

    [Fact]
    public void ExpectedCalibrationError_ConfidenceMatchingAccuracy_IsZero()
    {
        double[] confidences = [0.75, 0.75, 0.75, 0.75, 1.0];
        bool[] correct = [true, true, true, false, true];

        Assert.Equal(0, Calibration.ExpectedCalibrationError(confidences, correct), 1e-12);
    }

    [Fact]
    public void ExpectedCalibrationError_NoRows_IsZero()
    {
        Assert.Equal(0, Calibration.ExpectedCalibrationError([], []));
    }
}
