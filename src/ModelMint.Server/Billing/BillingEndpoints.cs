using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Domain.Billing;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Caching;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;
using ModelMint.Server.Usage;
using SpendCap = ModelMint.Data.Billing.SpendCap;

namespace ModelMint.Server.Billing;

/// <summary>A spendable balance; <c>expiring</c> lists the parts of it that expire, soonest first (spent first).</summary>
public sealed record BalanceItem(string Currency, string Amount, IReadOnlyList<ExpiringCredit>? Expiring = null);

public sealed record ExpiringCredit(string Amount, DateTimeOffset ExpiresAt);

public sealed record BalanceResponse(Guid AccountId, IReadOnlyList<BalanceItem> Balances);

public sealed record RedeemRequest(string? Code);

public sealed record SpendCapRequest(string? Amount, string? Currency);

public sealed record SpendCapResponse(string Currency, string Amount, string SpentThisMonth, string Remaining, string Period, DateTimeOffset ResetsAt);

public sealed record RedeemResponse(string Currency, string Amount, IReadOnlyList<BalanceItem> Balances);

public static class BillingEndpoints
{
    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/billing").WithTags("Billing").RequireAuthorization();
        group.MapGet("/balance", Balance).WithSummary("This organisation's prepaid balances, per currency.");
        group.MapGet("/spend-cap", GetSpendCap).WithSummary("This organisation's monthly spend cap and what it has spent against it this UTC month.");
        group.MapPut("/spend-cap", PutSpendCap).WithSummary("Set (or, with amount null, remove) this organisation's monthly spend cap.");
        group.MapDelete("/spend-cap", DeleteSpendCap).WithSummary("Remove this organisation's monthly spend cap.");
        group.MapPost("/redeem", Redeem).WithSummary("Redeem a prepaid-credit code into this organisation's balance. Each code works once.");
        return app;
    }

    public static async Task<Results<Ok<RedeemResponse>, ProblemHttpResult>> Redeem(
        RedeemRequest request, HttpContext context, ModelMintDbContext db, TimeProvider time, ICacheInvalidation invalidation, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!RedemptionCode.TryParse(request.Code, out var code))
        {
            return ApiProblems.Validation("invalid-redemption-code", $"That is not a valid code. {RedemptionCode.Rule}", "code");
        }

        var accountId = context.User.AccountId();
        var now = time.GetUtcNow();
        var hash = RedemptionCodes.Hash(code);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.RedemptionCodes
            .Where(c => c.CodeHash == hash && c.RedeemedBy == null && (c.ExpiresAt == null || c.ExpiresAt > now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RedeemedBy, accountId).SetProperty(c => c.RedeemedAt, now), cancellationToken);
        var row = await db.RedemptionCodes.AsNoTracking().SingleOrDefaultAsync(c => c.CodeHash == hash, cancellationToken);
        if (claimed == 0 || row is null)
        {
            // Unknown, used and expired codes read alike, so codes cannot be probed.
            return ApiProblems.Unprocessable("redemption-code-unusable", "This code does not exist, has been used, or has expired. Check it for typos or ask the operator for a new one.");
        }

        await WalletService.CreditAsync(db, accountId, row.Currency, row.AmountMicros, Books.Grants, "redemption", row.Id.ToString(), now, cancellationToken,
            row.CreditValidDays is { } days ? now.AddDays(days) : null);
        await transaction.CommitAsync(cancellationToken);
        invalidation.BalanceChanged(accountId);
        // The code is a bearer secret: the event names the code's row, never the code.
        await audit.RecordAsync(context, AuditActions.CodeRedeemed, $"redemption-code:{row.Id}",
            new { amount = StoredMoney.FormatMicros(row.AmountMicros), currency = row.Currency, codeId = row.Id, batchId = row.BatchId }, cancellationToken: cancellationToken);
        var balance = await Balance(context, db, time, cancellationToken);
        return TypedResults.Ok(new RedeemResponse(row.Currency, StoredMoney.FormatMicros(row.AmountMicros), balance.Value!.Balances));
    }

    /// <summary>The most a cap may be, in whole units of its currency.</summary>
    public const decimal MaxSpendCap = 1_000_000_000m;


    public static async Task<Results<Ok<SpendCapResponse>, ProblemHttpResult>> GetSpendCap(
        HttpContext context, ModelMintDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var cap = await db.SpendCaps.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == accountId, cancellationToken);
        if (cap is null)
        {
            return ApiProblems.NotFound("spend-cap-not-set", "This organisation has no monthly spend cap. Set one with PUT /v1/billing/spend-cap.");
        }

        return TypedResults.Ok(await SpendCapResponseAsync(db, cap, time.GetUtcNow(), cancellationToken));
    }

    public static async Task<Results<Ok<SpendCapResponse>, NoContent, ProblemHttpResult>> PutSpendCap(
        SpendCapRequest request, HttpContext context, ModelMintDbContext db, TimeProvider time, ICacheInvalidation invalidation, AuditLog audit, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        if (request.Amount is null)
        {
            return await DeleteSpendCap(context, db, invalidation, audit, cancellationToken);
        }

        if (request.Currency is null || !StoredMoney.AcceptedCurrencies.Contains(request.Currency))
        {
            return ApiProblems.Validation("invalid-currency", $"'currency' must be one of {string.Join(", ", StoredMoney.AcceptedCurrencies)}.", "currency");
        }

        if (!StoredMoney.TryParseExact(request.Amount, 6, out var amount) || amount > MaxSpendCap)
        {
            return ApiProblems.Validation("invalid-amount", $"'amount' must be a decimal string from 0 to {MaxSpendCap.ToString(CultureInfo.InvariantCulture)} with at most six decimals, e.g. \"250.00\", or null to remove the cap.", "amount");
        }

        var now = time.GetUtcNow();
        var micros = (long)(amount * 1_000_000m);
        // Update first; insert when there is no cap yet. Two first-time requests racing: the loser's insert hits the
        // unique key and updates instead, so the last write wins as for any two updates.
        for (var attempt = 0; ; attempt++)
        {
            var updated = await db.SpendCaps.Where(c => c.AccountId == accountId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Currency, request.Currency).SetProperty(c => c.AmountMicros, micros).SetProperty(c => c.UpdatedAt, now), cancellationToken);
            if (updated == 0)
            {
                var created = new SpendCap { AccountId = accountId, Currency = request.Currency, AmountMicros = micros, UpdatedAt = now };
                db.SpendCaps.Add(created);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException e) when (attempt == 0 && DbErrors.IsUniqueViolation(e))
                {
                    db.ChangeTracker.Clear();
                    continue;
                }
            }

            invalidation.SpendCapChanged(accountId);
            var cap = await db.SpendCaps.AsNoTracking().SingleAsync(c => c.AccountId == accountId, cancellationToken);
            await audit.RecordAsync(context, AuditActions.SpendCapSet, SpendCapTarget(accountId),
                new { amount = StoredMoney.FormatMicros(cap.AmountMicros), currency = cap.Currency }, cancellationToken: cancellationToken);
            return TypedResults.Ok(await SpendCapResponseAsync(db, cap, now, cancellationToken));
        }
    }

    public static async Task<NoContent> DeleteSpendCap(HttpContext context, ModelMintDbContext db, ICacheInvalidation invalidation, AuditLog audit, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var removed = await db.SpendCaps.Where(c => c.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);
        invalidation.SpendCapChanged(accountId);
        if (removed > 0)
        {
            // Removing a cap that is not there changes nothing, so it is not an event.
            await audit.RecordAsync(context, AuditActions.SpendCapRemoved, SpendCapTarget(accountId), cancellationToken: cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static string SpendCapTarget(Guid accountId) => $"spend-cap:{accountId}";

    private static async Task<SpendCapResponse> SpendCapResponseAsync(ModelMintDbContext db, SpendCap cap, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var spent = await SpendCapService.SpentAsync(db, cap.AccountId, cap.Currency, now, cancellationToken);
        var period = BillingPeriod.MonthContaining(now);
        return new SpendCapResponse(cap.Currency, StoredMoney.FormatMicros(cap.AmountMicros), StoredMoney.FormatMicros(spent),
            StoredMoney.FormatMicros(Math.Max(0, cap.AmountMicros - spent)), BillingMonth.Format(period), period.End);
    }

    public static async Task<Ok<BalanceResponse>> Balance(HttpContext context, ModelMintDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var now = time.GetUtcNow();
        var currencies = await db.Wallets.AsNoTracking().Where(w => w.AccountId == accountId).Select(w => w.Currency).ToListAsync(cancellationToken);
        var items = new List<BalanceItem>();
        foreach (var currency in currencies.Order(StringComparer.Ordinal))
        {
            items.Add(await BalanceItemAsync(db, accountId, currency, now, cancellationToken));
        }

        return TypedResults.Ok(new BalanceResponse(accountId, items));
    }

    /// <summary>One wallet as its owner sees it: expired credit not yet swept does not count.</summary>
    public static async Task<BalanceItem> BalanceItemAsync(ModelMintDbContext db, Guid accountId, string currency, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await db.Wallets.AsNoTracking().Where(w => w.AccountId == accountId && w.Currency == currency).Select(w => w.BalanceMicros).SingleAsync(cancellationToken);
        var lots = await CreditExpiry.LiveLotsAsync(db, accountId, currency, cancellationToken);
        var due = lots.Where(l => l.ExpiresAt <= now).Sum(l => l.RemainingMicros);
        var expiring = lots.Where(l => l.ExpiresAt > now).Select(l => new ExpiringCredit(StoredMoney.FormatMicros(l.RemainingMicros), l.ExpiresAt)).ToList();
        return new BalanceItem(currency, StoredMoney.FormatMicros(Math.Max(0, stored - due)), expiring.Count == 0 ? null : expiring);
    }
}
