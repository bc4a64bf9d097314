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
    [Description("Version number or alias. Default: the latest version")]
    public string? Version { get; set; }
}

/// <summary><c>mint predict MODEL "text" [more texts] [--version V]</c></summary>
internal sealed class PredictCommand(MintRuntime runtime) : MintCommand<PredictSettings>(runtime)
{
    private const int MaxScoreBars = 10;
    private const int MaxTextWidth = 60;

    protected override async Task<int> RunAsync(ModelMintClient client, PredictSettings settings, CancellationToken cancellationToken)
    {
        var response = await client.PredictAsync(settings.Model, settings.Texts, settings.Version, cancellationToken: cancellationToken);
        if (response.Predictions.Count == 1)
        {
            ShowOne(response, response.Predictions[0]);
        }
        else
        {
            ShowBatch(response, settings.Texts);
        }

        return ExitCodes.Success;
    }

    private void ShowOne(PredictionResponse response, Prediction prediction)
    {
        Console.MarkupLine(
            $"[bold green]{Markup.Escape(prediction.Label)}[/]  score {Views.Score(prediction.Score)}  "
            + $"[grey]{Markup.Escape(response.Model)} v{response.Version}[/]");

        var chart = new BarChart().Width(Math.Min(Console.Profile.Width, 70)).WithMaxValue(1).UseValueFormatter(Views.Score);
        foreach (var (label, score) in prediction.Scores.OrderByDescending(s => s.Value).Take(MaxScoreBars))
        {
            chart.AddItem(Markup.Escape(label), score, label == prediction.Label ? Color.Green : Color.Grey);
        }

        Console.Write(chart);
    }

    private void ShowBatch(PredictionResponse response, string[] texts)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Caption($"{Markup.Escape(response.Model)} v{response.Version}")
            .AddColumn(new TableColumn("#").RightAligned()).AddColumn("text").AddColumn("label")
            .AddColumn(new TableColumn("score").RightAligned());
        for (var i = 0; i < response.Predictions.Count; i++)
        {
            var prediction = response.Predictions[i];
            var text = i < texts.Length ? texts[i] : string.Empty;
            table.AddRow(
                (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(text.Length > MaxTextWidth ? text[..(MaxTextWidth - 1)] + "…" : text),
                $"[bold]{Markup.Escape(prediction.Label)}[/]",
                Views.Score(prediction.Score));
        }

        Console.Write(table);
    }
}
