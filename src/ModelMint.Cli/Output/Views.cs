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

    public static string Score(double? value) => value is { } v ? Score(v) : "-";

    public static string Loss(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-";

    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    // Candidates often take a fraction of a second; keep two decimals there so they do not all read 0.0s.
    public static string Seconds(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + "s";

    public static string Decimal(decimal amount) => amount.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Amount(decimal amount, string currency) => $"{Decimal(amount)} {currency}";

    public static string Shorten(string text, int width) => text.Length > width ? text[..(width - 1)] + "…" : text;

    public static Table Balances(IReadOnlyList<Balance> balances)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("currency").AddColumn(new TableColumn("balance").RightAligned());
        foreach (var balance in balances)
        {
            table.AddRow(Markup.Escape(balance.Currency), Decimal(balance.Amount));
        }

        return table;
    }

    /// <summary><c>0.002 USD / call</c>, <c>0.01 USD / 1,000 characters</c>.</summary>
    public static string Price(ListingPrice price) => (price.Type, price.Amount, price.FreeUnits) switch
    {
        (PriceTypes.PerCall, { } amount, null) => $"{Amount(amount, price.Currency)} / call",
        (PriceTypes.PerUnit, { } amount, null) when price.UnitSize is 1 or null => $"{Amount(amount, price.Currency)} / {Singular(price.Meter ?? "unit")}",
        (PriceTypes.PerUnit, { } amount, null) => $"{Amount(amount, price.Currency)} / {Count(price.UnitSize!.Value)} {price.Meter ?? "units"}",
        _ when price.Summary is { } summary => summary,
        (_, { } amount, _) => $"{Amount(amount, price.Currency)} ({price.Type})",
        _ => price.Type,
    };

    private static string Singular(string meter) => meter.EndsWith('s') ? meter[..^1] : meter;

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

    public static string KeyModels(IReadOnlyList<string>? models) => models is null ? "all" : string.Join(", ", models);

    public static string KeyAllowedIps(IReadOnlyList<string>? ranges) => ranges is null ? "any" : string.Join(", ", ranges);

    public static string KeyLimits(int? requestsPerMinute, long? unitsPerMinute, long? tokensPerMinute = null) =>
        requestsPerMinute is null && unitsPerMinute is null && tokensPerMinute is null
            ? "platform default"
            : $"{(requestsPerMinute is { } r ? Count(r) : "default")} requests/min, {(unitsPerMinute is { } u ? Count(u) : "default")} characters/min" +
              (tokensPerMinute is { } t ? $", {Count(t)} gateway tokens/min" : string.Empty);

    public static Table Fields(params (string Name, string Markup)[] fields)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("Field").AddColumn("Value");
        foreach (var (name, markup) in fields)
        {
            table.AddRow(new Markup($"[bold]{Markup.Escape(name)}[/]"), new Markup(markup));
        }

        return table;
    }

    public static string Format(Dataset dataset) => dataset.MultiLabel ? $"{dataset.Format}, multi-label" : dataset.Format;

    public static Table Dataset(Dataset dataset) => Fields(
        ("id", dataset.Id.ToString()),
        ("name", Markup.Escape(dataset.Name)),
        ("format", Markup.Escape(Format(dataset))),
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
        var fields = new List<(string, string)>();
        if (metrics.IsMultiLabel)
        {
            fields.Add(("task", "multi-label"));
            fields.Add(("subset accuracy", Score(metrics.Accuracy)));
            fields.Add(("micro-F1", Score(metrics.MicroF1)));
            fields.Add(("macro-F1", Score(metrics.MacroF1)));
            fields.Add(("Hamming loss", Loss(metrics.HammingLoss)));
        }
        else
        {
            fields.Add(("accuracy", Score(metrics.Accuracy)));
            fields.Add(("macro-F1", Score(metrics.MacroF1)));
        }

        if (metrics.ExpectedCalibrationError is { } ece)
        {
            fields.Add(("ECE", $"{Loss(ece)} [grey](calibration error; 0 is perfect)[/]"));
        }

        fields.Add(("test rows", metrics.TestRows.ToString(CultureInfo.InvariantCulture)));
        var summary = Fields([.. fields]);

        var perClass = new Table().Border(TableBorder.Rounded).Title(metrics.IsMultiLabel ? "per label" : "per class")
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

    /// <summary>The configurations a trainer compared, in the order tried, the chosen one marked; null when there were none.</summary>
    public static Table? Leaderboard(IReadOnlyList<LeaderboardEntry>? entries)
    {
        if (entries is null || entries.Count == 0)
        {
            return null;
        }

        var best = entries.Max(e => e.ValidationAccuracy);
        var table = new Table().Border(TableBorder.Rounded).Title("leaderboard")
            .AddColumn("candidate")
            .AddColumn(new TableColumn("val accuracy").RightAligned())
            .AddColumn(new TableColumn("val log-loss").RightAligned())
            .AddColumn(new TableColumn("time").RightAligned())
            .AddColumn(string.Empty);
        foreach (var entry in entries)
        {
            var accuracy = Score(entry.ValidationAccuracy);
            table.AddRow(
                entry.Chosen ? $"[bold]{Markup.Escape(entry.Candidate)}[/]" : Markup.Escape(entry.Candidate),
                entry.ValidationAccuracy >= best ? $"[green]{accuracy}[/]" : accuracy,
                Loss(entry.ValidationLogLoss),
                Seconds(entry.Seconds),
                entry.Chosen ? "[green]✓ chosen[/]" : string.Empty);
        }

        // Every candidate is validated the same way; say how once.
        if (entries[0].Parameters.TryGetValue("validation", out var validation))
        {
            table.Caption($"validation: {Markup.Escape(validation)}; the chosen one is refitted on all rows");
        }

        return table;
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
