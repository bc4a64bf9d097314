using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Server.Billing;

namespace ModelMint.Server.Portal;

/// <summary>One point of a money series: a day or month, a currency and an exact amount.</summary>
public sealed record MoneyPoint(string Bucket, string Currency, decimal Amount);

/// <summary>Calls of one model or key on one UTC day.</summary>
public sealed record DailyCalls(string Day, string Group, long Calls);

/// <summary>Revenue of one provider in one month, from its statement.</summary>
public sealed record ProviderRevenue(string Month, string Provider, string Currency, decimal Gross, decimal Fee, decimal Payout);

/// <summary>
/// Read-only views the pages need and the API has no route for (charts over the ledger and statements). Each takes
/// the organisation explicitly; only the operator's pages call the platform-wide ones.
/// </summary>
public sealed class PortalQueries(IServiceScopeFactory scopes)
{
    /// <summary>Prepaid spend per UTC day: the wallet debits for usage (refunds of held charges are not subtracted).</summary>
    public async Task<IReadOnlyList<MoneyPoint>> SpendByDayAsync(Guid accountId, DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var entries = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.AccountId == accountId && e.Book == Books.Wallet && e.Side == Books.Debit && e.Reason == "usage")
            .Select(e => new { e.OccurredAt, e.Currency, e.AmountMicros })
            .ToListAsync(cancellationToken);
        return entries.Where(e => e.OccurredAt >= from)
            .GroupBy(e => (Day: e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), e.Currency))
            .Select(g => new MoneyPoint(g.Key.Day, g.Key.Currency, g.Sum(e => e.AmountMicros) / 1_000_000m))
            .OrderBy(p => p.Bucket, StringComparer.Ordinal).ThenBy(p => p.Currency, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Calls per UTC day split by model or by key (<paramref name="byKey"/>), from the same hourly rollups as
    /// <c>GET /v1/usage</c>, which groups by one dimension at a time.
    /// </summary>
    public async Task<IReadOnlyList<DailyCalls>> CallsByDayAsync(Guid accountId, DateTimeOffset from, bool byKey, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var firstHour = from.ToUnixTimeSeconds() / 3600;
        var rows = await db.UsageRollups.AsNoTracking()
            .Where(r => r.AccountId == accountId && r.BucketHour >= firstHour && r.Meter == Usage.Meters.Calls)
            .Select(r => new { r.BucketHour, r.ModelName, r.KeyId, r.Quantity })
            .ToListAsync(cancellationToken);
        return rows
            .GroupBy(r => (Day: DateTimeOffset.FromUnixTimeSeconds(r.BucketHour * 3600).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Group: byKey ? r.KeyId.ToString() : r.ModelName))
            .Select(g => new DailyCalls(g.Key.Day, g.Key.Group, g.Sum(r => r.Quantity)))
            .OrderBy(d => d.Day, StringComparer.Ordinal).ThenBy(d => d.Group, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every provider statement with the provider's name, newest month first.</summary>
    public async Task<IReadOnlyList<ProviderRevenue>> RevenueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var rows = await db.ProviderStatements.AsNoTracking()
            .Join(db.Accounts, s => s.ProviderAccountId, a => a.Id, (s, a) => new { Statement = s, Provider = a.Name })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => (Response: StatementResponse.From(r.Statement), r.Provider))
            .Select(r => new ProviderRevenue(r.Response.Period.Month, r.Provider, r.Response.Currency,
                Parse(r.Response.Gross), Parse(r.Response.Fee), Parse(r.Response.Payout)))
            .OrderByDescending(r => r.Month, StringComparer.Ordinal).ThenBy(r => r.Provider, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Audit events per UTC day since <paramref name="from"/>: of one organisation as <c>GET /v1/audit</c> scopes them
    /// (changes to it and changes it made), or of every organisation when null; one action only when given.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> AuditEventsByDayAsync(Guid? accountId, string? action, DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var events = accountId is { } id ? db.AuditEvents.Where(e => e.AccountId == id || e.ActorAccountId == id) : db.AuditEvents;
        if (action is not null)
        {
            events = events.Where(e => e.Action == action);
        }

        var times = await events.AsNoTracking().Where(e => e.OccurredAt >= from).Select(e => e.OccurredAt).ToListAsync(cancellationToken);
        return times
            .GroupBy(t => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    public async Task<decimal> PlatformFeePercentAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StatementGenerator>().FeePercentAsync(cancellationToken);
    }

    private static decimal Parse(string amount) => decimal.Parse(amount, NumberStyles.Number, CultureInfo.InvariantCulture);
}
