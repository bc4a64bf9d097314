using System.ComponentModel;
using System.Globalization;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli.Commands;

/// <summary><c>mint models list</c></summary>
internal sealed class ListModelsCommand(MintRuntime runtime) : MintCommand<MintSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, MintSettings settings, CancellationToken cancellationToken)
    {
        var models = await client.ListModelsAsync(cancellationToken);
        if (models.Count == 0)
        {
            Console.MarkupLine("No models yet. Train one with [bold]mint train --dataset ID --model NAME --wait[/].");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("name").AddColumn(new TableColumn("latest").RightAligned()).AddColumn("aliases").AddColumn("created");
        foreach (var model in models.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(model.Name),
                $"v{model.LatestVersion}",
                Markup.Escape(Views.Aliases(model.Aliases)),
                Views.Time(model.CreatedAt));
        }

        Console.Write(table);
        return ExitCodes.Success;
    }
}

internal sealed class ShowModelSettings : MintSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Model name")]
    public string Name { get; set; } = string.Empty;

    [CommandOption("--version <N>")]
    [Description("Show one version's lineage and metrics instead of the version list")]
    public int? Version { get; set; }
}

/// <summary><c>mint models show NAME [--version N]</c></summary>
internal sealed class ShowModelCommand(MintRuntime runtime) : MintCommand<ShowModelSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, ShowModelSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Version is { } version)
        {
            ShowVersion(await client.GetModelVersionAsync(settings.Name, version, cancellationToken));
        }
        else
        {
            ShowModel(await client.GetModelAsync(settings.Name, cancellationToken));
        }

        return ExitCodes.Success;
    }

    private void ShowModel(ModelDetail model)
    {
        Console.MarkupLine($"[bold]{Markup.Escape(model.Name)}[/]  created {Views.Time(model.CreatedAt)}");
        Console.MarkupLine($"aliases: {Markup.Escape(Views.Aliases(model.Aliases))}");

        var aliasesByVersion = model.Aliases
            .GroupBy(a => a.Value)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(a => a.Key).Order(StringComparer.Ordinal)));
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("version").RightAligned()).AddColumn("aliases").AddColumn("trainer")
            .AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("macro-F1").RightAligned())
            .AddColumn("created");
        foreach (var version in model.Versions.OrderByDescending(v => v.Version))
        {
            table.AddRow(
                $"v{version.Version}",
                Markup.Escape(aliasesByVersion.GetValueOrDefault(version.Version, string.Empty)),
                Markup.Escape(version.Trainer),
                Views.Score(version.Accuracy),
                Views.Score(version.MacroF1),
                Views.Time(version.CreatedAt));
        }

        Console.Write(table);
    }

    private void ShowVersion(ModelVersion version)
    {
        var lineage = version.Lineage;
        Console.MarkupLine($"[bold]{Markup.Escape(version.Model)} v{version.Version}[/]  created {Views.Time(version.CreatedAt)}");
        Console.Write(Views.Fields(
            ("labels", Markup.Escape(string.Join(", ", version.Labels))),
            ("aliases", version.Aliases.Count == 0 ? "-" : Markup.Escape(string.Join(", ", version.Aliases))),
            ("training job", lineage.TrainingJobId.ToString()),
            ("dataset", $"{lineage.DatasetId} [grey]{Markup.Escape(lineage.DatasetDigest)}[/]"),
            ("test dataset", lineage.TestDatasetId is { } testId
                ? $"{testId} [grey]{Markup.Escape(lineage.TestDatasetDigest ?? string.Empty)}[/]"
                : $"held out {(lineage.TestFraction ?? 0).ToString("0.##", CultureInfo.InvariantCulture)} of the training set"),
            ("trainer", Markup.Escape(lineage.Trainer)),
            ("parameters", lineage.Parameters.Count == 0
                ? "-"
                : Markup.Escape(string.Join(", ", lineage.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")))),
            ("seed", lineage.Seed.ToString(CultureInfo.InvariantCulture)),
            ("rows", $"{lineage.TrainRows} train, {lineage.TestRows} test"),
            ("training time", $"{lineage.TrainingSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s")));
        Console.Write(Views.Metrics(version.Metrics));
        if (Views.Leaderboard(lineage.Leaderboard) is { } leaderboard)
        {
            Console.Write(leaderboard);
        }
    }
}

internal sealed class SetAliasSettings : MintSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Model name")]
    public string Name { get; set; } = string.Empty;

    [CommandArgument(1, "<ALIAS>")]
    [Description("Alias, e.g. production")]
    public string Alias { get; set; } = string.Empty;

    [CommandArgument(2, "<VERSION>")]
    [Description("Version the alias should point at")]
    public int Version { get; set; }
}

/// <summary><c>mint models alias NAME ALIAS VERSION</c></summary>
internal sealed class SetAliasCommand(MintRuntime runtime) : MintCommand<SetAliasSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, SetAliasSettings settings, CancellationToken cancellationToken)
    {
        var move = await client.SetAliasAsync(settings.Name, settings.Alias, settings.Version, cancellationToken);
        var previous = move.PreviousVersion is { } p ? $" (was v{p})" : " (new alias)";
        Console.MarkupLine($"[bold]{Markup.Escape(move.Model)}@{Markup.Escape(move.Alias)}[/] → v{move.Version}{previous}");
        return ExitCodes.Success;
    }
}
