namespace ModelMint.Domain.Billing;

/// <summary>The usage of one account, model and meter over a period: what one invoice line prices.</summary>
/// <param name="AccountId">The account billed.</param>
/// <param name="ModelName">The model used (all versions together).</param>
/// <param name="Meter">What <paramref name="Quantity"/> counts.</param>
/// <param name="Quantity">The summed quantity.</param>
/// <param name="Events">How many distinct events were summed.</param>
public sealed record UsageTotal(Guid AccountId, string ModelName, Meter Meter, decimal Quantity, int Events);

/// <summary>Sums usage events for rating, the way storage does: once per idempotency key, inside a period.</summary>
public static class UsageTotals
{
    /// <summary>
    /// Totals per account, model and meter of the events that occurred in <paramref name="period"/> (half-open),
    /// counting an (account, meter, idempotency key) once — the first occurrence wins, so a retry never bills twice.
    /// Ordered by account, model and meter.
    /// </summary>
    public static IReadOnlyList<UsageTotal> Summarize(IEnumerable<UsageEvent> events, BillingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(events);
        var seen = new HashSet<(Guid, string, string)>();
        return events
            .Where(e => period.Contains(e.OccurredAt) && seen.Add((e.AccountId, e.Meter.Name, e.IdempotencyKey)))
            .GroupBy(e => (e.AccountId, e.ModelName, e.Meter))
            .Select(g => new UsageTotal(g.Key.AccountId, g.Key.ModelName, g.Key.Meter, g.Sum(e => e.Quantity), g.Count()))
            .OrderBy(t => t.AccountId)
            .ThenBy(t => t.ModelName, StringComparer.Ordinal)
            .ThenBy(t => t.Meter.Name, StringComparer.Ordinal)
            .ToList();
    }
}
