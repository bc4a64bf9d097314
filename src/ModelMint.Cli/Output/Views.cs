using System.Globalization;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ModelMint.Cli.Output;

/// <summary>How API resources look on the terminal; shared by the commands that show them.</summary>
internal static class Views
{
    // Confusion matrices wider than this do not fit a terminal; the per-class table still covers every label.
    private const int MaxConfusionMatrixLabels = 8;

    public static string Score(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    public static string Status(TrainingJobStatus status) => status switch
    {
        TrainingJobStatus.Queued => "[grey]queued[/]",
        TrainingJobStatus.Running => "[blue]running[/]",
        TrainingJobStatus.Succeeded => "[green]succeeded[/]",
        TrainingJobStatus.Failed => "[red]failed[/]",
        TrainingJobStatus.Cancelled => "[yellow]cancelled[/]",
        _ => Markup.Escape(status.ToString()),
    };

    public static string Labels(IReadOnlyDictionary<string, int> labels) =>
        string.Join(", ", labels.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key} ({l.Value})"));

    public static string Aliases(IReadOnlyDictionary<string, int> aliases) =>
        aliases.Count == 0
            ? "-"
            : string.Join(", ", aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} → v{a.Value}"));

    public static Table Fields(params (string Name, string Markup)[] fields)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("Field").AddColumn("Value");
        foreach (var (name, markup) in fields)
        {
            table.AddRow(new Markup($"[bold]{Markup.Escape(name)}[/]"), new Markup(markup));
        }

        return table;
    }

    public static Table Dataset(Dataset dataset) => Fields(
        ("id", dataset.Id.ToString()),
        ("name", Markup.Escape(dataset.Name)),
        ("format", Markup.Escape(dataset.Format)),
        ("rows", dataset.Rows.ToString(CultureInfo.InvariantCulture)),
        ("labels", Markup.Escape(Labels(dataset.Labels))),
        ("digest", Markup.Escape(dataset.Digest)),
        ("created", Time(dataset.CreatedAt)));

    public static Table Job(TrainingJob job) => Fields(
        ("id", job.Id.ToString()),
        ("status", Status(job.Status)),
        ("progress", $"{job.Progress * 100:0}%"),
        ("model", Markup.Escape(job.ModelName) + (job.ModelVersion is { } v ? $" v{v}" : string.Empty)),
        ("dataset", job.DatasetId.ToString()),
        ("test dataset", job.TestDatasetId?.ToString() ?? "-"),
        ("trainer", Markup.Escape(job.Trainer)),
        ("created", Time(job.CreatedAt)),
        ("started", Time(job.StartedAt)),
        ("finished", Time(job.FinishedAt)),
        ("error", job.Error is null ? "-" : $"[red]{Markup.Escape(job.Error)}[/]"));

    public static IRenderable Metrics(ClassificationMetrics metrics)
    {
        var summary = Fields(
            ("accuracy", Score(metrics.Accuracy)),
            ("macro-F1", Score(metrics.MacroF1)),
            ("test rows", metrics.TestRows.ToString(CultureInfo.InvariantCulture)));

        var perClass = new Table().Border(TableBorder.Rounded).Title("per class")
            .AddColumn("label")
            .AddColumn(new TableColumn("precision").RightAligned())
            .AddColumn(new TableColumn("recall").RightAligned())
            .AddColumn(new TableColumn("F1").RightAligned())
            .AddColumn(new TableColumn("support").RightAligned());
        foreach (var row in metrics.PerClass)
        {
            perClass.AddRow(
                Markup.Escape(row.Label),
                Score(row.Precision),
                Score(row.Recall),
                Score(row.F1),
                row.Support.ToString(CultureInfo.InvariantCulture));
        }

        var parts = new List<IRenderable> { summary, perClass };
        if (metrics.ConfusionMatrix is { } confusion && ConfusionMatrix(confusion) is { } matrix)
        {
            parts.Add(matrix);
        }

        return new Rows(parts);
    }

    private static Table? ConfusionMatrix(ConfusionMatrix matrix)
    {
        if (matrix.Labels.Count is 0 or > MaxConfusionMatrixLabels || matrix.Counts.Count != matrix.Labels.Count)
        {
            return null;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("confusion matrix")
            .AddColumn("[grey]actual \\ predicted[/]");
        foreach (var label in matrix.Labels)
        {
            table.AddColumn(new TableColumn(Markup.Escape(label)).RightAligned());
        }

        for (var actual = 0; actual < matrix.Labels.Count; actual++)
        {
            var cells = new List<string> { $"[bold]{Markup.Escape(matrix.Labels[actual])}[/]" };
            var counts = matrix.Counts[actual];
            for (var predicted = 0; predicted < matrix.Labels.Count; predicted++)
            {
                var count = predicted < counts.Count ? counts[predicted] : 0;
                var text = count.ToString(CultureInfo.InvariantCulture);
                cells.Add(actual == predicted ? $"[green]{text}[/]" : count == 0 ? $"[grey]{text}[/]" : $"[red]{text}[/]");
            }

            table.AddRow([.. cells]);
        }

        return table;
    }
}
