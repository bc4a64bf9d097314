using System.Diagnostics;
using ModelMint.Bench.Training;
using ModelMint.Domain.Datasets;
using ModelMint.ML.Evaluation;
using ModelMint.ML.Training;

var catalog = TrainerCatalog.CreateDefault();
if (args is ["--list-trainers"])
{
    foreach (var name in catalog.Names)
    {
        Console.WriteLine(name);
    }

    return 0;
}

BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchArguments.Usage);
    return 2;
}

if (!catalog.TryGet(arguments.Trainer, out var trainer))
{
    Console.Error.WriteLine($"Unknown trainer '{arguments.Trainer}'; the catalog has: {string.Join(", ", catalog.Names)}.");
    return 3;
}

var train = ReadRows(arguments.TrainPath);
var test = ReadRows(arguments.TestPath);

var started = Stopwatch.GetTimestamp();
var result = trainer.Train(
    new TrainingRequest(train, arguments.Parameters, arguments.Seed),
    NullTrainingObserver.Instance,
    CancellationToken.None);
var trainSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

started = Stopwatch.GetTimestamp();
var metrics = ClassificationEvaluator.Evaluate(result.Model, test);
var evalSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

var line = new BenchResult(
    arguments.Dataset,
    trainer.Name,
    metrics.Accuracy,
    metrics.MacroF1,
    metrics.ExpectedCalibrationError,
    trainSeconds,
    evalSeconds,
    train.Count,
    test.Count,
    arguments.Seed,
    result.Parameters);
Console.WriteLine(line.ToJson());
return 0;

static List<LabeledText> ReadRows(string path) =>
    [.. DatasetParser.Parse(File.ReadAllBytes(path), DatasetFormat.Csv).Rows.Select(r => new LabeledText(r.Text, r.Label))];
