using System.Globalization;

namespace ModelMint.ML.Training.Neural;

/// <summary>The <c>bilstm</c> trainer's parameters, with the article's defaults.</summary>
internal sealed record BiLstmOptions
{
    // 256 MiB of float32 per array. Training holds five embedding-sized arrays (weights, two Adam moments, gradient,
    // best copy) and one batch × tokens × embedding array of token gradients.
    private const long MaxValues = 64L * 1024 * 1024;

    private static readonly string[] Names =
    [
        "epochs", "learningRate", "maxLength", "batchSize", "patience", "embeddingDim", "hiddenSize", "denseSize",
        "vocabularySize", "minCount", "validationFraction",
    ];

    public int Epochs { get; init; } = 5;

    public double LearningRate { get; init; } = 0.002;

    public int MaxLength { get; init; } = 64;

    public int BatchSize { get; init; } = 64;

    public int Patience { get; init; } = 2;

    public int EmbeddingDim { get; init; } = 128;

    public int HiddenSize { get; init; } = 128;

    public int DenseSize { get; init; } = 128;

    public int VocabularySize { get; init; } = 30_000;

    public int MinCount { get; init; } = 2;

    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Reads string parameters; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    /// <remarks>The upper bounds only keep a typo from asking for gigabytes.</remarks>
    public static BiLstmOptions Parse(string trainer, IReadOnlyDictionary<string, string>? values)
    {
        var parameters = new TrainerParameters(trainer, values, Names);
        var defaults = new BiLstmOptions();
        var options = new BiLstmOptions
        {
            Epochs = parameters.PositiveInt("epochs", defaults.Epochs, 1000),
            LearningRate = parameters.PositiveDouble("learningRate", defaults.LearningRate),
            MaxLength = parameters.PositiveInt("maxLength", defaults.MaxLength, 1024),
            BatchSize = parameters.PositiveInt("batchSize", defaults.BatchSize, 4096),
            Patience = parameters.PositiveInt("patience", defaults.Patience),
            EmbeddingDim = parameters.PositiveInt("embeddingDim", defaults.EmbeddingDim, 1024),
            HiddenSize = parameters.PositiveInt("hiddenSize", defaults.HiddenSize, 1024),
            DenseSize = parameters.PositiveInt("denseSize", defaults.DenseSize, 4096),
            VocabularySize = parameters.PositiveInt("vocabularySize", defaults.VocabularySize, 1_000_000),
            MinCount = parameters.PositiveInt("minCount", defaults.MinCount),
            ValidationFraction = parameters.Fraction("validationFraction", defaults.ValidationFraction),
        };
        if ((long)options.VocabularySize * options.EmbeddingDim > MaxValues)
        {
            throw new ArgumentException(
                $"Parameters 'vocabularySize' × 'embeddingDim' of trainer '{trainer}' must be at most {MaxValues}, not {options.VocabularySize} × {options.EmbeddingDim}.");
        }

        if ((long)options.BatchSize * options.MaxLength * options.EmbeddingDim > MaxValues)
        {
            throw new ArgumentException(
                $"Parameters 'batchSize' × 'maxLength' × 'embeddingDim' of trainer '{trainer}' must be at most {MaxValues}, not {options.BatchSize} × {options.MaxLength} × {options.EmbeddingDim}.");
        }

        return options;
    }

    public Dictionary<string, string> ToParameters() => new()
    {
        ["epochs"] = Epochs.ToString(CultureInfo.InvariantCulture),
        ["learningRate"] = LearningRate.ToString(CultureInfo.InvariantCulture),
        ["maxLength"] = MaxLength.ToString(CultureInfo.InvariantCulture),
        ["batchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["patience"] = Patience.ToString(CultureInfo.InvariantCulture),
        ["embeddingDim"] = EmbeddingDim.ToString(CultureInfo.InvariantCulture),
        ["hiddenSize"] = HiddenSize.ToString(CultureInfo.InvariantCulture),
        ["denseSize"] = DenseSize.ToString(CultureInfo.InvariantCulture),
        ["vocabularySize"] = VocabularySize.ToString(CultureInfo.InvariantCulture),
        ["minCount"] = MinCount.ToString(CultureInfo.InvariantCulture),
        ["validationFraction"] = ValidationFraction.ToString(CultureInfo.InvariantCulture),
    };
}
