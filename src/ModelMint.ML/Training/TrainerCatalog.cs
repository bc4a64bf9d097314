namespace ModelMint.ML.Training;

/// <summary>The trainers a provider can ask for, by case-insensitive name.</summary>
public sealed class TrainerCatalog
{
    private readonly Dictionary<string, ITextClassifierTrainer> _trainers = new(StringComparer.OrdinalIgnoreCase);

    public TrainerCatalog(IEnumerable<ITextClassifierTrainer> trainers)
    {
        ArgumentNullException.ThrowIfNull(trainers);
        foreach (var trainer in trainers)
        {
            if (!_trainers.TryAdd(trainer.Name, trainer))
            {
                throw new ArgumentException($"Two trainers are named '{trainer.Name}'.", nameof(trainers));
            }
        }

        Names = [.. _trainers.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The built-in trainers: <c>auto</c>, <c>linear-svm</c>, <c>lightgbm</c> and the neural one.</summary>
    public static TrainerCatalog CreateDefault() => new([new AutoTrainer(), new LinearSvmTrainer(), new LightGbmTrainer(), new Neural.BiLstmTrainer()]);

    public IReadOnlyList<string> Names { get; }

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ITextClassifierTrainer? trainer)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _trainers.TryGetValue(name, out trainer);
    }
}
