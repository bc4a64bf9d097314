namespace ModelMint.ML.Training;

/// <summary>Reports monotonically increasing progress in 0..1, from any thread.</summary>
internal sealed class ProgressMeter(ITrainingObserver? observer)
{
    private readonly Lock _gate = new();
    private double _value = -1;

    public void Report(double value)
    {
        lock (_gate)
        {
            if (value > _value)
            {
                _value = Math.Min(value, 1);
                observer?.Progress(_value);
            }
        }
    }

    public void Advance(double delta)
    {
        lock (_gate)
        {
            _value = Math.Min(Math.Max(_value, 0) + delta, 1);
            observer?.Progress(_value);
        }
    }
}
