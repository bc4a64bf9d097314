using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>
/// What one call adds to its organisation's plan quota counters, with the quotas in force when it was admitted
/// (<see cref="long.MaxValue"/> for none, and at commit for a gateway call: it was answered before it is counted, so the
/// count must not refuse it). Every call of an organisation with a plan counts, so a quota added by a
/// later plan change in the month still sees what was used before it.
/// </summary>
public sealed record QuotaUse(Guid AccountId, long Calls, long Units, long MaxCalls, long MaxUnits);

/// <summary>Where an organisation stands against its plan's monthly quotas.</summary>
public sealed record QuotaState(string PlanName, string Dimension, long Quota, long Used, BillingPeriod Period);

/// <summary>
/// Hard monthly plan quotas, enforced like <see cref="SpendCapService"/> enforces caps: admission reserves in memory
/// against the stored counter (exact on one node), and the group commit counts with a conditional update
/// (<see cref="TryCountAsync"/>: <c>used + quantity &lt;= quota</c>), so several nodes can never exceed a quota.
/// </summary>
public sealed class PlanQuotas(IServiceScopeFactory scopes)
{
    private readonly Dictionary<(Guid, string), (long Calls, long Units)> reserved = [];

    public static string MonthOf(DateTimeOffset at) => BillingMonth.Format(BillingPeriod.MonthContaining(at));

    /// <summary>What the organisation has used this UTC month (calls, characters), as counted at commit.</summary>
    public static async Task<(long Calls, long Units)> UsedAsync(ModelMintDbContext db, Guid accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var month = MonthOf(now);
        var counter = await db.PlanQuotaCounters.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == accountId && c.Month == month, cancellationToken);
        return counter is null ? (0, 0) : (counter.Calls, counter.Units);
    }

    /// <summary>
    /// Reserves the call against the plan's quotas. <c>Refused</c> is null and the reservation held when it fits;
    /// otherwise nothing is reserved and <c>Refused</c> says which quota is exhausted.
    /// </summary>
    public async Task<(Reservation? Reservation, QuotaState? Refused)> TryReserveAsync(PlanTerms plan, QuotaUse use, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long calls, units;
        await using (var scope = scopes.CreateAsyncScope())
        {
            (calls, units) = await UsedAsync(scope.ServiceProvider.GetRequiredService<ModelMintDbContext>(), use.AccountId, now, cancellationToken);
        }

        var key = (use.AccountId, MonthOf(now));
        var period = BillingPeriod.MonthContaining(now);
        lock (reserved)
        {
            var held = reserved.GetValueOrDefault(key);
            if (calls + held.Calls + use.Calls > use.MaxCalls)
            {
                return (null, new QuotaState(plan.Name, "calls", use.MaxCalls, calls, period));
            }

            if (units + held.Units + use.Units > use.MaxUnits)
            {
                return (null, new QuotaState(plan.Name, "characters", use.MaxUnits, units, period));
            }

            reserved[key] = (held.Calls + use.Calls, held.Units + use.Units);
        }

        return (new Reservation(this, key, use.Calls, use.Units), null);
    }

    /// <summary>
    /// Inside the caller's transaction, adds the call to its month's counter (creating it on first use) only while
    /// both quotas still hold. False, and nothing counted, when the call no longer fits.
    /// </summary>
    public static async Task<bool> TryCountAsync(ModelMintDbContext db, QuotaUse use, DateTimeOffset at)
    {
        if (use.Calls > use.MaxCalls || use.Units > use.MaxUnits)
        {
            return false;
        }

        var month = MonthOf(at);
        var counted = await db.PlanQuotaCounters
            .Where(c => c.AccountId == use.AccountId && c.Month == month && c.Calls <= use.MaxCalls - use.Calls && c.Units <= use.MaxUnits - use.Units)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Calls, c => c.Calls + use.Calls).SetProperty(c => c.Units, c => c.Units + use.Units));
        if (counted > 0)
        {
            return true;
        }

        if (await db.PlanQuotaCounters.AnyAsync(c => c.AccountId == use.AccountId && c.Month == month))
        {
            return false;
        }

        db.PlanQuotaCounters.Add(new PlanQuotaCounter { AccountId = use.AccountId, Month = month, Calls = use.Calls, Units = use.Units });
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>Inside the caller's transaction, takes back a call counted earlier in it (it was refused later).</summary>
    public static Task UncountAsync(ModelMintDbContext db, QuotaUse use, DateTimeOffset at)
    {
        var month = MonthOf(at);
        return db.PlanQuotaCounters.Where(c => c.AccountId == use.AccountId && c.Month == month)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Calls, c => c.Calls - use.Calls).SetProperty(c => c.Units, c => c.Units - use.Units));
    }

    /// <summary>The problem a call gets when a quota is exhausted.</summary>
    public static string Describe(QuotaState state)
    {
        var resets = state.Period.End.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"Plan '{state.PlanName}' includes at most {state.Quota.ToString("N0", CultureInfo.InvariantCulture)} {state.Dimension} per month; this organisation has used " +
            $"{state.Used.ToString("N0", CultureInfo.InvariantCulture)} in {BillingMonth.Format(state.Period)} (plus calls in progress) and this call does not fit. " +
            $"The quota resets at {resets}. Move to a larger plan with PUT /v1/billing/plan.";
    }

    private void Release((Guid, string) key, long calls, long units)
    {
        lock (reserved)
        {
            var held = reserved.GetValueOrDefault(key);
            var left = (held.Calls - calls, held.Units - units);
            if (left is (0, 0))
            {
                reserved.Remove(key);
            }
            else
            {
                reserved[key] = left;
            }
        }
    }

    /// <summary>An in-memory hold on part of a quota, released when the call has been recorded or refused.</summary>
    public sealed class Reservation(PlanQuotas owner, (Guid, string) key, long calls, long units) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                owner.Release(key, calls, units);
            }
        }
    }
}
