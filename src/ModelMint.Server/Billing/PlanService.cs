using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Domain.Billing;
using ModelMint.Server.Caching;
using ModelMint.Server.Hosting;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Billing;

/// <summary>Units of one meter a plan includes per month and the overage price per <c>unitSize</c> units beyond them.</summary>
public sealed record PlanAllowanceSpec(string? Meter, long? Included, string? OveragePrice, long? UnitSize);

public sealed record CreatePlanRequest(
    string? Name, string? Currency, string? MonthlyFee, IReadOnlyList<PlanAllowanceSpec>? Allowances,
    int? RequestsPerMinute, long? UnitsPerMinute, long? MaxCallsPerMonth, long? MaxUnitsPerMonth);

public sealed record PlanResponse(
    Guid Id, string Name, string Currency, string MonthlyFee, IReadOnlyList<PlanAllowanceSpec> Allowances,
    int? RequestsPerMinute, long? UnitsPerMinute, long? MaxCallsPerMonth, long? MaxUnitsPerMonth, DateTimeOffset CreatedAt, DateTimeOffset? ArchivedAt)
{
    public static PlanResponse From(Plan p) => new(
        p.Id, p.Name, p.Currency, StoredMoney.FormatMicros(p.MonthlyFeeMicros),
        p.Allowances.OrderBy(a => a.Meter, StringComparer.Ordinal).Select(a => new PlanAllowanceSpec(a.Meter, a.IncludedUnits, StoredMoney.FormatMicros(a.OveragePriceMicros), a.OverageUnitSize)).ToList(),
        p.RequestsPerMinute, p.UnitsPerMinute, p.MaxCallsPerMonth, p.MaxUnitsPerMonth, p.CreatedAt, p.ArchivedAt);
}

/// <summary>The fee adjustment a mid-month change made; amounts unrounded as the Domain computed them.</summary>
public sealed record ProrationResponse(string FromPlan, string ToPlan, DateTimeOffset ChangedAt, string FractionRemaining, string CreditForUnused, string ChargeForRemainder, string Net);

/// <summary>An organisation's current plan and where it stands against the plan's monthly quotas.</summary>
public sealed record SubscriptionResponse(PlanResponse Plan, DateTimeOffset StartedAt, string Period, DateTimeOffset ResetsAt, long CallsThisMonth, long UnitsThisMonth, ProrationResponse? Change = null);

/// <summary>A refusal with its problem code, for the endpoints (and the portal) to report.</summary>
public sealed record PlanError(int Status, string Code, string Detail, string? Field = null);

/// <summary>What metering needs of an organisation's current plan: its per-minute limits and monthly quotas.</summary>
public sealed record PlanTerms(Guid PlanId, string Name, int? RequestsPerMinute, long? UnitsPerMinute, long? MaxCallsPerMonth, long? MaxUnitsPerMonth)
{
    public bool HasRateLimits => RequestsPerMinute is not null || UnitsPerMinute is not null;
}

/// <summary>An organisation's plan as cached for the hot path; <see cref="Terms"/> is null without a plan.</summary>
public sealed record AccountPlan(PlanTerms? Terms);

/// <summary>
/// Subscription plans: the operator creates and archives them; an organisation subscribes, changes plan (the
/// invoice prorates the fee, see <see cref="PlanBilling"/>) or cancels. Plans are immutable, so a subscription
/// always means the terms it was taken on. Limits and quotas are enforced by <see cref="MeteringFilter"/> and, for
/// the LLM gateway (requests per minute and the call quota only), by <c>GatewayMetering</c>, through
/// <see cref="PlanQuotas"/> and the rate limiter.
/// </summary>
public sealed class PlanService(ModelMintDbContext db, HotPathCache cache, ICacheInvalidation invalidation, TimeProvider time)
{
    public const int MaxNameLength = 64;
    private static readonly string[] PlanMeters = [Meters.Calls, Meters.Characters];

    public async Task<(PlanResponse? Plan, PlanError? Error)> CreateAsync(CreatePlanRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return (null, Invalid("invalid-plan-name", $"'name' is required: 1 to {MaxNameLength} characters, e.g. \"Pro\".", "name"));
        }

        if (request.Currency is null || !StoredMoney.AcceptedCurrencies.Contains(request.Currency))
        {
            return (null, Invalid("invalid-currency", $"'currency' must be one of {string.Join(", ", StoredMoney.AcceptedCurrencies)}.", "currency"));
        }

        if (!StoredMoney.TryParseExact(request.MonthlyFee, 6, out var fee) || fee > 1_000_000)
        {
            return (null, Invalid("invalid-amount", "'monthlyFee' must be a decimal string from 0 to 1000000 with at most six decimals, e.g. \"49.00\".", "monthlyFee"));
        }

        var allowances = new List<PlanAllowance>();
        foreach (var spec in request.Allowances ?? [])
        {
            if (spec.Meter is null || !PlanMeters.Contains(spec.Meter) || allowances.Any(a => a.Meter == spec.Meter))
            {
                return (null, Invalid("invalid-allowance", $"Each allowance names a different 'meter': {string.Join(" or ", PlanMeters)}.", "allowances"));
            }

            if (spec.Included is not >= 0 || spec.UnitSize is not (null or (>= 1 and <= 1_000_000))
                || !StoredMoney.TryParseExact(spec.OveragePrice, 6, out var overage) || overage > 1_000_000)
            {
                return (null, Invalid("invalid-allowance",
                    "An allowance is {\"meter\":\"calls\",\"included\":1000,\"overagePrice\":\"0.002\",\"unitSize\":1}: 'included' ≥ 0, 'overagePrice' a decimal string with at most six decimals per 'unitSize' units (1 to 1000000, default 1).",
                    "allowances"));
            }

            allowances.Add(new PlanAllowance { Meter = spec.Meter, IncludedUnits = spec.Included.Value, OveragePriceMicros = (long)(overage * 1_000_000), OverageUnitSize = spec.UnitSize ?? 1 });
        }

        if (request.RequestsPerMinute is < 1 || request.UnitsPerMinute is < 1 || request.MaxCallsPerMonth is < 0 || request.MaxUnitsPerMonth is < 0)
        {
            return (null, Invalid("invalid-plan-limits", "'requestsPerMinute' and 'unitsPerMinute' are at least 1, 'maxCallsPerMonth' and 'maxUnitsPerMonth' at least 0; leave one out for no limit.", "requestsPerMinute"));
        }

        var plan = new Plan
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Currency = request.Currency,
            MonthlyFeeMicros = (long)(fee * 1_000_000),
            RequestsPerMinute = request.RequestsPerMinute,
            UnitsPerMinute = request.UnitsPerMinute,
            MaxCallsPerMonth = request.MaxCallsPerMonth,
            MaxUnitsPerMonth = request.MaxUnitsPerMonth,
            CreatedAt = time.GetUtcNow(),
            Allowances = allowances,
        };
        db.Plans.Add(plan);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return (null, new PlanError(StatusCodes.Status409Conflict, "plan-name-taken", $"A plan named '{name}' already exists. Plans cannot be edited: choose another name (e.g. \"{name} 2\") and archive the old one."));
        }

        return (PlanResponse.From(plan), null);
    }

    public async Task<IReadOnlyList<PlanResponse>> ListAsync(bool includeArchived, CancellationToken cancellationToken)
    {
        var plans = await db.Plans.AsNoTracking().Include(p => p.Allowances)
            .Where(p => includeArchived || p.ArchivedAt == null)
            .ToListAsync(cancellationToken);
        return plans.OrderBy(p => p.Currency, StringComparer.Ordinal).ThenBy(p => p.MonthlyFeeMicros).ThenBy(p => p.Name, StringComparer.Ordinal).Select(PlanResponse.From).ToList();
    }

    public async Task<PlanResponse?> FindAsync(Guid planId, CancellationToken cancellationToken) =>
        await db.Plans.AsNoTracking().Include(p => p.Allowances).SingleOrDefaultAsync(p => p.Id == planId, cancellationToken) is { } plan ? PlanResponse.From(plan) : null;

    /// <summary>Stops new subscriptions to a plan; its subscribers keep it. Null when there is no such plan.</summary>
    public async Task<PlanResponse?> ArchiveAsync(Guid planId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Plans.Where(p => p.Id == planId && p.ArchivedAt == null).ExecuteUpdateAsync(s => s.SetProperty(p => p.ArchivedAt, now), cancellationToken);
        return await FindAsync(planId, cancellationToken);
    }

    /// <summary>The organisation's current plan with this month's quota use; null without a plan.</summary>
    public async Task<SubscriptionResponse?> CurrentAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var current = await db.PlanSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.AccountId == accountId && s.EndedAt == null, cancellationToken);
        if (current is null)
        {
            return null;
        }

        var plan = await db.Plans.AsNoTracking().Include(p => p.Allowances).SingleAsync(p => p.Id == current.PlanId, cancellationToken);
        var now = time.GetUtcNow();
        var (calls, units) = await PlanQuotas.UsedAsync(db, accountId, now, cancellationToken);
        var period = BillingPeriod.MonthContaining(now);
        return new SubscriptionResponse(PlanResponse.From(plan), current.StartedAt, BillingMonth.Format(period), period.End, calls, units);
    }

    /// <summary>
    /// Subscribes the organisation to <paramref name="planId"/> from now, ending its current plan at the same
    /// instant (a change, prorated on the invoice). Choosing the current plan again changes nothing.
    /// </summary>
    public async Task<(SubscriptionResponse? Subscription, PlanError? Error)> SubscribeAsync(Guid accountId, Guid planId, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.AsNoTracking().Include(p => p.Allowances).SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null)
        {
            return (null, PlanNotFound(planId));
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await db.PlanSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.AccountId == accountId && s.EndedAt == null, cancellationToken);
        if (current?.PlanId == planId)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (await CurrentAsync(accountId, cancellationToken), null);
        }

        if (plan.ArchivedAt is not null)
        {
            return (null, new PlanError(StatusCodes.Status422UnprocessableEntity, "plan-archived", $"Plan '{plan.Name}' is archived and takes no new subscribers. Choose another from GET /v1/plans."));
        }

        ProrationResponse? change = null;
        if (current is not null)
        {
            // Conditional on the row still being current: two changes racing cannot both end it.
            var ended = await db.PlanSubscriptions.Where(s => s.Id == current.Id && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
            if (ended == 0)
            {
                return (null, ChangeRaced());
            }

            var from = await db.Plans.AsNoTracking().SingleAsync(p => p.Id == current.PlanId, cancellationToken);
            if (from.Currency == plan.Currency)
            {
                var proration = SubscriptionPlan.Prorate(PlanBilling.ToDomain(from), PlanBilling.ToDomain(plan), BillingPeriod.MonthContaining(now), now);
                change = new ProrationResponse(proration.FromPlan, proration.ToPlan, proration.ChangedAt,
                    proration.FractionRemaining.ToString("0.##########", CultureInfo.InvariantCulture),
                    Amount(proration.CreditForUnused), Amount(proration.ChargeForRemainder), Amount(proration.Net));
            }
        }

        db.PlanSubscriptions.Add(new PlanSubscription { Id = Guid.CreateVersion7(), AccountId = accountId, PlanId = planId, StartedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return (null, ChangeRaced());
        }

        await transaction.CommitAsync(cancellationToken);
        invalidation.PlanChanged(accountId);
        return ((await CurrentAsync(accountId, cancellationToken))! with { Change = change }, null);
    }

    /// <summary>Ends the organisation's plan now; the invoice credits the unused part of the month's fee. False without a plan.</summary>
    public async Task<bool> CancelAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ended = await db.PlanSubscriptions.Where(s => s.AccountId == accountId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
        invalidation.PlanChanged(accountId);
        return ended > 0;
    }

    /// <summary>The organisation's plan terms for metering, from the hot-path cache when it is there.</summary>
    public async Task<PlanTerms?> TermsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        if (cache.Plans.TryGet(accountId, out var cached))
        {
            return cached.Terms;
        }

        var generation = cache.Plans.Generation;
        var terms = await db.PlanSubscriptions.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.EndedAt == null)
            .Join(db.Plans, s => s.PlanId, p => p.Id, (s, p) => new PlanTerms(p.Id, p.Name, p.RequestsPerMinute, p.UnitsPerMinute, p.MaxCallsPerMonth, p.MaxUnitsPerMonth))
            .SingleOrDefaultAsync(cancellationToken);
        cache.Plans.Set(accountId, new AccountPlan(terms), generation);
        return terms;
    }

    public static PlanError PlanNotFound(Guid planId) =>
        new(StatusCodes.Status404NotFound, "plan-not-found", $"No plan {planId}. List the plans on offer with GET /v1/plans.");

    private static PlanError ChangeRaced() =>
        new(StatusCodes.Status409Conflict, "plan-change-in-progress", "Another plan change for this organisation happened at the same time. Read the current plan with GET /v1/billing/plan, then retry.");

    private static PlanError Invalid(string code, string detail, string field) => new(StatusCodes.Status400BadRequest, code, detail, field);

    private static string Amount(Money money) => money.Amount.ToString("0.##########", CultureInfo.InvariantCulture);
}
