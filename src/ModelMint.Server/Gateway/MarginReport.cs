using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Domain.Billing;
using ModelMint.Server.Billing;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Gateway;

/// <summary>
/// One month, model and channel: calls, tokens, what callers paid, what the upstream costs, and the margin between
/// them (null when the two are in different currencies). Amounts are exact decimal strings.
/// </summary>
public sealed record MarginLine(
    string Month, string Model, Guid ChannelId, string Channel, long Calls, long InputTokens, long OutputTokens,
    string Currency, string Revenue, string CostCurrency, string UpstreamCost, string? Margin);

public static class MarginReport
{
    /// <summary><c>?month=yyyy-MM</c> for one month; without it, every month.</summary>
    public static async Task<Results<Ok<ItemList<MarginLine>>, ProblemHttpResult>> Get(string? month, ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var calls = db.GatewayCalls.AsNoTracking();
        if (month is not null)
        {
            if (!BillingMonth.TryParse(month, out var period))
            {
                return ApiProblems.Validation("invalid-month", $"'month' must be {BillingMonth.Rule}.", "month");
            }

            calls = calls.Where(c => c.OccurredAt >= period.Start && c.OccurredAt < period.End);
        }

        // Grouped in SQL by what SQLite can group on; the month is taken from each group's calls in memory.
        var rows = await calls
            .Select(c => new { c.OccurredAt, c.ModelName, c.ChannelId, c.ChannelName, c.InputTokens, c.OutputTokens, c.Currency, c.RevenueMicros, c.CostCurrency, c.CostMicros })
            .ToListAsync(cancellationToken);
        var lines = rows
            .GroupBy(r => (Month: BillingMonth.Format(BillingPeriod.MonthContaining(r.OccurredAt)), r.ModelName, r.ChannelId, r.Currency, r.CostCurrency))
            .OrderBy(g => g.Key.Month, StringComparer.Ordinal).ThenBy(g => g.Key.ModelName, StringComparer.Ordinal).ThenBy(g => g.Key.ChannelId)
            .Select(g =>
            {
                var revenue = g.Sum(r => r.RevenueMicros);
                var cost = g.Sum(r => r.CostMicros);
                return new MarginLine(g.Key.Month, g.Key.ModelName, g.Key.ChannelId, g.Last().ChannelName, g.LongCount(), g.Sum(r => r.InputTokens), g.Sum(r => r.OutputTokens),
                    g.Key.Currency, StoredMoney.FormatMicros(revenue), g.Key.CostCurrency, StoredMoney.FormatMicros(cost),
                    g.Key.Currency == g.Key.CostCurrency ? StoredMoney.FormatMicros(revenue - cost) : null);
            })
            .ToList();
        return TypedResults.Ok(new ItemList<MarginLine>(lines));
    }
}
