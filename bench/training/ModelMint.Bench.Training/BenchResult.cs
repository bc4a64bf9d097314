using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelMint.Bench.Training;

/// <summary>
/// One line of benchmark output. <see cref="TrainSeconds"/> covers featurizing and fitting (what the trainer does),
/// not reading the CSVs; <see cref="EvalSeconds"/> covers scoring the test split for the metrics and ECE.
/// </summary>
internal sealed record BenchResult(
    string Dataset,
    string Trainer,
    double Accuracy,
    double MacroF1,
    double? Ece,
    double TrainSeconds,
    double EvalSeconds,
    int TrainRows,
    int TestRows,
    int Seed,
    IReadOnlyDictionary<string, string> Parameters)
{
    // camelCase on one line: the shape peer.py prints too, which run.sh reads. The output goes to a terminal or a
    // file, never into HTML, so '+' in parameter values need not be escaped.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
