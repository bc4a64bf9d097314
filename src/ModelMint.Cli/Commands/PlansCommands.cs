using System.ComponentModel;
using System.Globalization;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli.Commands;

/// <summary><c>mint plans list</c>: the subscription plans on offer.</summary>
internal sealed class ListPlansCommand(MintRuntime runtime) : MintCommand<MintSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, MintSettings settings, CancellationToken cancellationToken)
    {
        var plans = await client.ListPlansAsync(cancellationToken);
        if (plans.Count == 0)
        {
            Console.MarkupLine("No plans on offer yet; the operator creates them (POST /v1/admin/plans).");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("id").AddColumn("plan").AddColumn(new TableColumn("monthly fee").RightAligned()).AddColumn("included, then").AddColumn("limits");
        foreach (var plan in plans)
        {
            table.AddRow(
                plan.Id.ToString(),
                $"[bold]{Markup.Escape(plan.Name)}[/]",
                Markup.Escape(Views.Amount(plan.MonthlyFee, plan.Currency)),
                Markup.Escape(PlanViews.Allowances(plan)),
                Markup.Escape(PlanViews.Limits(plan)));
        }

        Console.Write(table);
        Console.MarkupLine("[grey]Subscribe with mint plans subscribe ID; a change mid-month is prorated on the invoice.[/]");
        return ExitCodes.Success;
    }
}

/// <summary><c>mint plans show</c>: the organisation's plan and its quota use this month.</summary>
internal sealed class ShowPlanCommand(MintRuntime runtime) : MintCommand<MintSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, MintSettings settings, CancellationToken cancellationToken)
    {
        PlanViews.Write(Console, await client.GetPlanSubscriptionAsync(cancellationToken));
        return ExitCodes.Success;
    }
}

internal sealed class SubscribePlanSettings : MintSettings
{
    [CommandArgument(0, "<PLAN_ID>")]
    [Description("The plan's id, from mint plans list")]
    public Guid PlanId { get; set; }
}

/// <summary><c>mint plans subscribe ID</c>: subscribe, or change plan.</summary>
internal sealed class SubscribePlanCommand(MintRuntime runtime) : MintCommand<SubscribePlanSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, SubscribePlanSettings settings, CancellationToken cancellationToken)
    {
        var subscription = await client.SubscribeToPlanAsync(settings.PlanId, cancellationToken);
        Console.MarkupLine($"[green]Subscribed[/] to [bold]{Markup.Escape(subscription.Plan.Name)}[/].");
        if (subscription.Change is { } change)
        {
            var currency = subscription.Plan.Currency;
            Console.MarkupLine(Markup.Escape(
                $"Changed from {change.FromPlan}: {Views.Amount(change.ChargeForRemainder, currency)} for the rest of the month, {Views.Amount(change.CreditForUnused, currency)} credited for {change.FromPlan}'s unused part (net {Views.Amount(change.Net, currency)}), on the next invoice."));
        }

        PlanViews.Write(Console, subscription);
        return ExitCodes.Success;
    }
}

/// <summary><c>mint plans cancel</c>: end the plan now.</summary>
internal sealed class CancelPlanCommand(MintRuntime runtime) : MintCommand<MintSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, MintSettings settings, CancellationToken cancellationToken)
    {
        await client.CancelPlanAsync(cancellationToken);
        Console.MarkupLine("[green]Cancelled.[/] The unused part of this month's fee is credited on the next invoice.");
        return ExitCodes.Success;
    }
}

internal static class PlanViews
{
    public static string Allowances(Plan plan) => plan.Allowances.Count == 0
        ? "-"
        : string.Join("; ", plan.Allowances.Select(a =>
            $"{a.Included.ToString("N0", CultureInfo.InvariantCulture)} {a.Meter}, then {Views.Amount(a.OveragePrice, plan.Currency)}" +
            (a.UnitSize == 1 ? $" each" : $" per {a.UnitSize.ToString("N0", CultureInfo.InvariantCulture)}")));

    public static string Limits(Plan plan)
    {
        var parts = new List<string>();
        if (plan.RequestsPerMinute is { } rpm)
        {
            parts.Add($"{rpm.ToString("N0", CultureInfo.InvariantCulture)} requests/min");
        }

        if (plan.UnitsPerMinute is { } upm)
        {
            parts.Add($"{upm.ToString("N0", CultureInfo.InvariantCulture)} characters/min");
        }

        if (plan.MaxCallsPerMonth is { } calls)
        {
            parts.Add($"{calls.ToString("N0", CultureInfo.InvariantCulture)} calls/month");
        }

        if (plan.MaxUnitsPerMonth is { } units)
        {
            parts.Add($"{units.ToString("N0", CultureInfo.InvariantCulture)} characters/month");
        }

        return parts.Count == 0 ? "-" : string.Join(", ", parts);
    }

    public static void Write(IAnsiConsole console, PlanSubscription subscription)
    {
        var plan = subscription.Plan;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("plan", $"[bold]{Markup.Escape(plan.Name)}[/] ({Markup.Escape(Views.Amount(plan.MonthlyFee, plan.Currency))} per month)");
        grid.AddRow("since", Views.Time(subscription.StartedAt));
        grid.AddRow("included", Markup.Escape(Allowances(plan)));
        grid.AddRow("limits", Markup.Escape(Limits(plan)));
        grid.AddRow($"used in {Markup.Escape(subscription.Period)}", Usage(subscription.CallsThisMonth, plan.MaxCallsPerMonth, "calls") + ", " + Usage(subscription.UnitsThisMonth, plan.MaxUnitsPerMonth, "characters"));
        grid.AddRow("resets", Views.Time(subscription.ResetsAt));
        console.Write(grid);
    }

    private static string Usage(long used, long? quota, string unit) =>
        quota is { } max
            ? $"{used.ToString("N0", CultureInfo.InvariantCulture)} of {max.ToString("N0", CultureInfo.InvariantCulture)} {unit}"
            : $"{used.ToString("N0", CultureInfo.InvariantCulture)} {unit}";
}
