using System.ComponentModel;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli.Commands;

internal sealed class PredictSettings : MintSettings
{
    [CommandArgument(0, "<MODEL>")]
    [Description("Model name")]
    public string Model { get; set; } = string.Empty;

    [CommandArgument(1, "<TEXT>")]
    [Description("Text(s) to classify; several are sent as one batch")]
    public string[] Texts { get; set; } = [];

    [CommandOption("--version <VERSION>")]
    [Description("Version number or alias. Default: the production alias")]
    public string? Version { get; set; }

    [CommandOption("--idempotency-key <KEY>")]
    [Description("Makes the call safe to retry: a retry with the same key gets the first answer and is not charged again (a UUID is a good choice)")]
    public string? IdempotencyKey { get; set; }
}

/// <summary><c>mint predict MODEL "text" [more texts] [--version V] [--idempotency-key KEY]</c></summary>
internal sealed class PredictCommand(MintRuntime runtime) : MintCommand<PredictSettings>(runtime)
{
    private const int MaxScoreBars = 10;
    private const int MaxTextWidth = 60;

    protected override async Task<int> RunAsync(ModelMintClient client, PredictSettings settings, CancellationToken cancellationToken)
    {
        var response = await client.PredictAsync(
            settings.Model, settings.Texts, settings.Version, settings.IdempotencyKey, cancellationToken);
        if (response.Predictions.Count == 1)
        {
            ShowOne(response, response.Predictions[0]);
        }
        else
        {
            ShowBatch(response, settings.Texts);
        }

        ShowMetering(response);
        return ExitCodes.Success;
    }

    private void ShowMetering(PredictionResponse response)
    {
        var notes = new List<string>();
        if (response.Route == "canary")
        {
            notes.Add($"served by the canary (v{response.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }

        if (response.Replayed)
        {
            notes.Add("replayed: the recorded answer to this idempotency key, not charged again");
        }

        if (response.RateLimit is { RequestsRemaining: { } remaining } limit)
        {
            notes.Add($"{Views.Count(remaining)}{(limit.RequestsLimit is { } max ? $" of {Views.Count(max)}" : string.Empty)} requests left this minute");
        }

        if (response.BalanceRemaining is { } balance)
        {
            notes.Add($"balance left {Views.Amount(balance.Amount, balance.Currency)}");
        }

        if (notes.Count > 0)
        {
            Console.MarkupLine($"[grey]{Markup.Escape(string.Join(" · ", notes))}[/]");
        }
    }

    private void ShowOne(PredictionResponse response, Prediction prediction)
    {
        var model = $"[grey]{Markup.Escape(response.Model)} v{response.Version}[/]";
        if (prediction.Labels is { } labels)
        {
            // Multi-label: every label at or above the model's threshold counts, not only the most probable one.
            Console.MarkupLine(labels.Count == 0
                ? $"[yellow]no label[/] reaches the model's threshold  {model}"
                : $"[bold green]{Markup.Escape(string.Join(", ", labels))}[/]  {model}");
        }
        else
        {
            Console.MarkupLine($"[bold green]{Markup.Escape(prediction.Label)}[/]  score {Views.Score(prediction.Score)}  {model}");
        }

        var chosen = prediction.Labels ?? [prediction.Label];
        var chart = new BarChart().Width(Math.Min(Console.Profile.Width, 70)).WithMaxValue(1).UseValueFormatter(Views.Score);
        foreach (var (label, score) in prediction.Scores.OrderByDescending(s => s.Value).Take(MaxScoreBars))
        {
            chart.AddItem(Markup.Escape(label), score, chosen.Contains(label) ? Color.Green : Color.Grey);
        }

        Console.Write(chart);
    }

    private void ShowBatch(PredictionResponse response, string[] texts)
    {
        var multiLabel = response.Predictions.Any(p => p.Labels is not null);
        var table = new Table().Border(TableBorder.Rounded)
            .Caption($"{Markup.Escape(response.Model)} v{response.Version}")
            .AddColumn(new TableColumn("#").RightAligned()).AddColumn("text").AddColumn("label")
            .AddColumn(new TableColumn("score").RightAligned());
        if (multiLabel)
        {
            table.AddColumn("labels");
        }

        for (var i = 0; i < response.Predictions.Count; i++)
        {
            var prediction = response.Predictions[i];
            var text = i < texts.Length ? texts[i] : string.Empty;
            var cells = new List<string>
            {
                (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(Views.Shorten(text, MaxTextWidth)),
                $"[bold]{Markup.Escape(prediction.Label)}[/]",
                Views.Score(prediction.Score),
            };
            if (multiLabel)
            {
                cells.Add(prediction.Labels is { Count: > 0 } labels ? $"[green]{Markup.Escape(string.Join(", ", labels))}[/]" : "[grey]-[/]");
            }

            table.AddRow([.. cells]);
        }

        Console.Write(table);
    }
}
