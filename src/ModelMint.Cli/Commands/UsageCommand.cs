using System.ComponentModel;
using System.Globalization;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli.Commands;

internal sealed class UsageSettings : MintSettings
{
    private static readonly string[] Groupings = ["day", "model", "key"];

    [CommandOption("--from <TIME>")]
    [Description("Start of the period, UTC unless an offset is given (2026-11-01 or 2026-11-01T08:00:00Z). Default: 30 days ago")]
    public string? From { get; set; }

    [CommandOption("--to <TIME>")]
    [Description("End of the period (exclusive). Default: now")]
    public string? To { get; set; }

    [CommandOption("--group-by <GROUPING>")]
    [Description("day, model or key. Default: day")]
    public string? GroupBy { get; set; }

    public override ValidationResult Validate()
    {
        if (From is not null && ParseTime(From) is null)
        {
            return ValidationResult.Error($"--from '{From}' is not a date or time; use ISO-8601 such as 2026-11-01 or 2026-11-01T08:00:00Z.");
        }

        if (To is not null && ParseTime(To) is null)
        {
            return ValidationResult.Error($"--to '{To}' is not a date or time; use ISO-8601 such as 2026-11-30 or 2026-11-30T00:00:00Z.");
        }

        return GroupBy is null || Groupings.Contains(GroupBy.Trim().ToLowerInvariant())
            ? ValidationResult.Success()
            : ValidationResult.Error($"--group-by must be one of {string.Join(", ", Groupings)}.");
    }

    public UsageGrouping? Grouping => GroupBy?.Trim().ToLowerInvariant() switch
    {
        "model" => UsageGrouping.Model,
        "key" => UsageGrouping.Key,
        "day" => UsageGrouping.Day,
        _ => null,
    };

    // A bare date is midnight UTC: usage is reported in UTC, so local midnight would shift the period.
    public static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}

/// <summary><c>mint usage [--from TIME] [--to TIME] [--group-by day|model|key]</c></summary>
internal sealed class UsageCommand(MintRuntime runtime) : MintCommand<UsageSettings>(runtime)
{
    private const int ChartWidth = 80;

    protected override async Task<int> RunAsync(ModelMintClient client, UsageSettings settings, CancellationToken cancellationToken)
    {
        var report = await client.GetUsageAsync(
            UsageSettings.ParseTime(settings.From), UsageSettings.ParseTime(settings.To), settings.Grouping, cancellationToken);
        var grouping = report.GroupBy.ToString().ToLowerInvariant();
        Console.MarkupLine($"Usage from [bold]{Views.Time(report.From)}[/] to [bold]{Views.Time(report.To)}[/], by {grouping}");
        if (report.Items.Count == 0)
        {
            Console.MarkupLine("[grey]No metered calls in this period.[/]");
            return ExitCodes.Success;
        }

        Dictionary<string, string> names = report.GroupBy == UsageGrouping.Key ? await KeyNamesAsync(client, cancellationToken) : [];
        var meters = report.Items.Select(i => i.Meter).Distinct(StringComparer.Ordinal)
            .OrderBy(m => m switch { Meters.Calls => 0, Meters.Characters => 1, _ => 2 })
            .ThenBy(m => m, StringComparer.Ordinal)
            .ToList();
        var groups = report.Items.GroupBy(i => i.Group, StringComparer.Ordinal).ToList();

        var table = new Table().Border(TableBorder.Rounded).AddColumn(grouping);
        foreach (var meter in meters)
        {
            table.AddColumn(new TableColumn(Markup.Escape(meter)).RightAligned());
        }

        table.AddColumn(new TableColumn("requests").RightAligned());
        foreach (var group in groups)
        {
            var cells = new List<string> { Markup.Escape(Label(group.Key, names)) };
            cells.AddRange(meters.Select(m => group.FirstOrDefault(i => i.Meter == m) is { } item ? Views.Count(item.Quantity) : "-"));
            cells.Add(Views.Count(Requests(group)));
            table.AddRow([.. cells]);
        }

        Console.Write(table);

        var calls = groups.Select(g => (Label: Label(g.Key, names), Calls: g.Where(i => i.Meter == Meters.Calls).Sum(i => i.Quantity))).ToList();
        if (calls.Any(c => c.Calls > 0))
        {
            var chart = new BarChart().Label("calls").Width(Math.Min(Console.Profile.Width, ChartWidth))
                .UseValueFormatter(v => Views.Count((long)v));
            foreach (var (label, count) in calls)
            {
                chart.AddItem(Markup.Escape(label), count, Color.Green);
            }

            Console.Write(chart);
        }

        return ExitCodes.Success;
    }

    // Every request books one event per meter, so the calls meter's event count is the number of requests.
    private static long Requests(IEnumerable<UsageItem> group) =>
        group.FirstOrDefault(i => i.Meter == Meters.Calls)?.Events ?? group.Max(i => i.Events);

    private static string Label(string group, Dictionary<string, string> names) => names.GetValueOrDefault(group, group);

    private static async Task<Dictionary<string, string>> KeyNamesAsync(ModelMintClient client, CancellationToken cancellationToken) =>
        (await client.ListKeysAsync(cancellationToken)).ToDictionary(
            k => k.Id.ToString(),
            k => $"{k.Name ?? "key"} ({k.Prefix}…)",
            StringComparer.OrdinalIgnoreCase);
}
