using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Domain.Billing;
using ModelMint.Server.Billing;

namespace ModelMint.Server.Webhooks;

/// <summary>
/// <c>usage.threshold</c> for monthly limits: an organisation's use this UTC month reached <c>Percent</c> (50, 80 or
/// 100) of its plan's call quota (<c>limit</c> <c>plan-quota-calls</c>), character quota (<c>plan-quota-characters</c>)
/// or spend cap (<c>spend-cap</c>, amounts in <c>Currency</c>). Quantities are decimal strings.
/// </summary>
public sealed record LimitThresholdData(
    Guid AccountId, string Limit, int Percent, string Period, string Quota, string Used, string? Currency = null, string? Plan = null);

/// <summary>
/// Evaluates an organisation's monthly limits after its usage and publishes the <c>usage.threshold</c> events reached,
/// once each: the event key names the limit, the month and the quota (a plan's id, a cap's amount), so a new month, a
/// new plan or a changed cap arms them again.
/// </summary>
public sealed class LimitThresholdEvaluator(ModelMintDbContext db, WebhookPublisher publisher, TimeProvider time)
{
    public const string PlanCalls = "plan-quota-calls";
    public const string PlanCharacters = "plan-quota-characters";
    public const string SpendCap = "spend-cap";

    /// <summary>Returns how many deliveries were enqueued.</summary>
    public async Task<int> EvaluateAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var subscriptions = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.AccountId == accountId && e.Enabled)
            .Select(e => e.EventsJson)
            .ToListAsync(cancellationToken);
        if (!subscriptions.SelectMany(WebhookEndpointEvents.Read).Contains(WebhookEvents.UsageThreshold))
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var month = BillingMonth.Format(BillingPeriod.MonthContaining(now));
        var enqueued = 0;
        var plan = await db.PlanSubscriptions.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.EndedAt == null)
            .Join(db.Plans, s => s.PlanId, p => p.Id, (s, p) => p)
            .SingleOrDefaultAsync(cancellationToken);
        if (plan is { MaxCallsPerMonth: not null } or { MaxUnitsPerMonth: not null })
        {
            var (calls, units) = await PlanQuotas.UsedAsync(db, accountId, now, cancellationToken);
            foreach (var (limit, quota, used) in new[] { (PlanCalls, plan.MaxCallsPerMonth, calls), (PlanCharacters, plan.MaxUnitsPerMonth, units) })
            {
                if (quota is not { } max)
                {
                    continue;
                }

                foreach (var percent in BalanceThresholds.Reached(max, used))
                {
                    enqueued += await publisher.PublishAsync(accountId, WebhookEvents.UsageThreshold, $"{WebhookEvents.UsageThreshold}:{limit}:{month}:{plan.Id:N}:{percent}",
                        new LimitThresholdData(accountId, limit, percent, month, Count(max), Count(used), Plan: plan.Name), cancellationToken);
                }
            }
        }

        if (await db.SpendCaps.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == accountId, cancellationToken) is { } cap)
        {
            var spent = await SpendCapService.SpentAsync(db, accountId, cap.Currency, now, cancellationToken);
            foreach (var percent in BalanceThresholds.Reached(cap.AmountMicros, spent))
            {
                enqueued += await publisher.PublishAsync(accountId, WebhookEvents.UsageThreshold, $"{WebhookEvents.UsageThreshold}:{SpendCap}:{cap.Currency}:{month}:{cap.AmountMicros}:{percent}",
                    new LimitThresholdData(accountId, SpendCap, percent, month, StoredMoney.FormatMicros(cap.AmountMicros), StoredMoney.FormatMicros(spent), cap.Currency), cancellationToken);
            }
        }

        return enqueued;
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
