namespace ModelMint.Bench.Training;

/// <summary>The command line: which split files to use, which trainer, with which seed and parameters.</summary>
internal sealed record BenchArguments(
    string TrainPath,
    string TestPath,
    string Dataset,
    string Trainer,
    int Seed,
    IReadOnlyDictionary<string, string> Parameters)
{
    public const string Usage =
        "usage: ModelMint.Bench.Training --train PATH --test PATH [--trainer auto] [--seed 42] [--dataset NAME] [--param KEY=VALUE]...\n" +
        "       ModelMint.Bench.Training --list-trainers";

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        string? train = null;
        string? test = null;
        string? dataset = null;
        var trainer = "auto";
        var seed = 42;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--train":
                    train = value;
                    break;
                case "--test":
                    test = value;
                    break;
                case "--dataset":
                    dataset = value;
                    break;
                case "--trainer":
                    trainer = value;
                    break;
                case "--seed":
                    seed = int.TryParse(value, out var parsed) ? parsed : throw new ArgumentException($"--seed must be an integer, not '{value}'.");
                    break;
                case "--param":
                    var equals = value.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new ArgumentException($"--param must be KEY=VALUE, not '{value}'.");
                    }

                    parameters[value[..equals]] = value[(equals + 1)..];
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (train is null || test is null)
        {
            throw new ArgumentException("--train and --test are required.");
        }

        // The shared datasets live in <name>/train.csv, so the folder is the natural name.
        dataset ??= new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(train))!).Name;
        return new BenchArguments(train, test, dataset, trainer, seed, parameters);
    }
}
