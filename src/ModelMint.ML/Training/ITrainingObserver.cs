namespace ModelMint.ML.Training;

/// <summary>
/// One point of a training curve. <see cref="Series"/> names what is being fitted (an epoch loop, or one candidate of
/// <c>auto</c> such as <c>c=0.5</c>); <see cref="Step"/> counts within it (epoch, iteration or candidate index).
/// Values that a trainer does not measure are null.
/// </summary>
public sealed record CurvePoint(string Series, int Step, double? TrainingLoss, double? ValidationLoss, double? ValidationAccuracy);

/// <summary>Receives a trainer's progress (0..1, non-decreasing) and curve points, from any thread.</summary>
public interface ITrainingObserver
{
    void Progress(double fraction);

    void Curve(CurvePoint point);
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullTrainingObserver : ITrainingObserver
{
    public static NullTrainingObserver Instance { get; } = new();

    public void Progress(double fraction)
    {
    }

    public void Curve(CurvePoint point)
    {
    }
}
