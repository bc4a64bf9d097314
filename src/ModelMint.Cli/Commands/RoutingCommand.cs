using System.ComponentModel;
using System.Globalization;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli.Commands;

internal sealed class RoutingSettings : MintSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("One of your models")]
    public string Name { get; set; } = string.Empty;

    [CommandOption("--canary <VERSION>")]
    [Description("Send --percent of the predictions that name no version to this version number or alias")]
    public string? Canary { get; set; }

    [CommandOption("--percent <N>")]
    [Description("The canary's share of unpinned predictions, 0 to 100")]
    public int? Percent { get; set; }

    [CommandOption("--shadow <VERSION>")]
    [Description("Have this version number or alias also classify unpinned predictions, for comparison only")]
    public string? Shadow { get; set; }

    [CommandOption("--no-canary")]
    [Description("Remove the canary (the shadow is kept)")]
    public bool NoCanary { get; set; }

    [CommandOption("--no-shadow")]
    [Description("Remove the shadow (the canary is kept)")]
    public bool NoShadow { get; set; }

    [CommandOption("--clear")]
    [Description("Remove the canary and the shadow: every unpinned prediction goes to production (comparisons are kept)")]
    public bool Clear { get; set; }

    /// <summary>Whether the command changes the routing rather than showing it.</summary>
    public bool Changes => Canary is not null || Percent is not null || Shadow is not null || NoCanary || NoShadow;

    public override ValidationResult Validate()
    {
        if (Clear && Changes)
        {
            return ValidationResult.Error("--clear removes the whole routing; give it alone, or use --no-canary / --no-shadow to remove one part.");
        }

        if (Canary is not null && string.IsNullOrWhiteSpace(Canary) || Shadow is not null && string.IsNullOrWhiteSpace(Shadow))
        {
            return ValidationResult.Error("--canary and --shadow need a version number or an alias, e.g. --canary 3 or --shadow candidate.");
        }

        if (Canary is not null && NoCanary || Shadow is not null && NoShadow)
        {
            return ValidationResult.Error("give --canary or --no-canary (and --shadow or --no-shadow), not both.");
        }

        if (Canary is not null && Percent is null)
        {
            return ValidationResult.Error("--canary needs --percent N: the share (0 to 100) of unpinned predictions it serves, e.g. --canary 3 --percent 10.");
        }

        if (Percent is not null && Canary is null)
        {
            return ValidationResult.Error("--percent goes with --canary VERSION, e.g. --canary 3 --percent 10.");
        }

        return Percent is < 0 or > 100
            ? ValidationResult.Error($"--percent must be a whole number from 0 to 100, not {Percent}.")
            : ValidationResult.Success();
    }
}

/// <summary>
/// <c>mint models routing NAME [--canary VERSION --percent N] [--shadow VERSION] [--no-canary] [--no-shadow] [--clear]</c>.
/// Without options it shows the routing. The API replaces the whole routing, so the part not given is carried over
/// from the current one.
/// </summary>
internal sealed class RoutingCommand(MintRuntime runtime) : MintCommand<RoutingSettings>(runtime)
{
    /// <summary>Disagreeing label pairs shown per comparison (the server sends up to 20).</summary>
    private const int TopDisagreements = 3;

    protected override async Task<int> RunAsync(ModelMintClient client, RoutingSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Clear)
        {
            await client.ClearRoutingAsync(settings.Name, cancellationToken);
            Console.MarkupLine($"[green]Cleared[/] the routing of [bold]{Markup.Escape(settings.Name.Trim())}[/]: every prediction that names no version goes to production.");
            return ExitCodes.Success;
        }

        if (!settings.Changes)
        {
            Show(await client.GetRoutingAsync(settings.Name, cancellationToken));
            return ExitCodes.Success;
        }

        // Both parts are given (or removed): no need to read what is there now.
        var current = (settings.Canary is not null || settings.NoCanary) && (settings.Shadow is not null || settings.NoShadow)
            ? null
            : await client.GetRoutingAsync(settings.Name, cancellationToken);
        var canary = settings.NoCanary
            ? null
            : settings.Canary is { } version
                ? new CanaryUpdate(version.Trim(), settings.Percent!.Value)
                : current?.Canary is { } kept ? new CanaryUpdate(kept.Version, kept.Percent) : null;
        var shadow = settings.NoShadow
            ? null
            : settings.Shadow is { } shadowVersion
                ? new ShadowUpdate(shadowVersion.Trim())
                : current?.Shadow is { } keptShadow ? new ShadowUpdate(keptShadow.Version) : null;

        var routing = await client.SetRoutingAsync(settings.Name, new RoutingUpdate(canary, shadow), cancellationToken);
        Console.MarkupLine($"[green]Routing set[/] for [bold]{Markup.Escape(routing.Model)}[/].");
        Show(routing);
        return ExitCodes.Success;
    }

    private void Show(ModelRouting routing)
    {
        Console.Write(Views.Fields(
            ("model", Markup.Escape(routing.Model)),
            ("production", routing.Production is { } production ? $"v{production}" : "[yellow]none[/]"),
            ("canary", routing.Canary is { } canary
                ? $"{Target(canary.Version, canary.ResolvesTo)}, {canary.Percent.ToString(CultureInfo.InvariantCulture)}% of unpinned calls"
                : "-"),
            ("shadow", routing.Shadow is { } shadow ? Target(shadow.Version, shadow.ResolvesTo) : "-")));
        if (routing.ShadowSkippedOnThisNode > 0)
        {
            Console.MarkupLine($"[yellow]{Views.Count(routing.ShadowSkippedOnThisNode)} calls not shadowed on this node[/] [grey](its shadow queue was full)[/]");
        }

        if (routing.Comparisons.Count == 0)
        {
            Console.MarkupLine(routing.Shadow is null
                ? "[grey]No shadow comparisons. Set a shadow version with --shadow VERSION.[/]"
                : "[grey]No shadow comparisons yet: they appear once unpinned predictions have been classified by the shadow.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("shadow comparisons")
            .AddColumn(new TableColumn("served").RightAligned())
            .AddColumn(new TableColumn("shadow").RightAligned())
            .AddColumn(new TableColumn("texts").RightAligned())
            .AddColumn(new TableColumn("agreed").RightAligned())
            .AddColumn(new TableColumn("agreement").RightAligned())
            .AddColumn("top disagreements (served → shadow)");
        foreach (var comparison in routing.Comparisons)
        {
            table.AddRow(
                $"v{comparison.ServedVersion}",
                $"v{comparison.ShadowVersion}",
                Views.Count(comparison.Texts),
                Views.Count(comparison.Agreed),
                Percent(comparison.Agreement),
                comparison.Disagreements.Count == 0
                    ? "-"
                    : Markup.Escape(string.Join(", ", comparison.Disagreements.Take(TopDisagreements)
                        .Select(d => $"{d.Served} → {d.Shadow} ({Views.Count(d.Texts)})"))));
        }

        Console.Write(table);
    }

    /// <summary><c>v2</c> for a number, <c>candidate → v2</c> for an alias, with a warning when it no longer resolves.</summary>
    private static string Target(string version, int? resolvesTo)
    {
        var isNumber = int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        return resolvesTo is { } resolved
            ? isNumber ? $"v{resolved}" : $"{Markup.Escape(version)} → v{resolved}"
            : $"{Markup.Escape(isNumber ? "v" + version : version)} [yellow](resolves to no version)[/]";
    }

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
