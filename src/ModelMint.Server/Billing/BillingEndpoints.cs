using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Domain.Billing;
using ModelMint.Server.Accounts;
using ModelMint.Server.Problems;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Billing;

public sealed record BalanceItem(string Currency, string Amount);

public sealed record BalanceResponse(Guid AccountId, IReadOnlyList<BalanceItem> Balances);

public sealed record RedeemRequest(string? Code);

public sealed record RedeemResponse(string Currency, string Amount, IReadOnlyList<BalanceItem> Balances);

public static class BillingEndpoints
{
    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/billing").WithTags("Billing").RequireAuthorization();
        group.MapGet("/balance", Balance).WithSummary("This organisation's prepaid balances, per currency.");
        group.MapPost("/redeem", Redeem).WithSummary("Redeem a prepaid-credit code into this organisation's balance. Each code works once.");
        return app;
    }

    public static async Task<Results<Ok<RedeemResponse>, ProblemHttpResult>> Redeem(
        RedeemRequest request, HttpContext context, ModelMintDbContext db, TimeProvider time, CancellationToken cancellationToken)
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

        await WalletService.CreditAsync(db, accountId, row.Currency, row.AmountMicros, Books.Grants, "redemption", row.Id.ToString(), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var balance = await Balance(context, db, cancellationToken);
        return TypedResults.Ok(new RedeemResponse(row.Currency, MeteringFilter.FormatMicros(row.AmountMicros), balance.Value!.Balances));
    }

    public static async Task<Ok<BalanceResponse>> Balance(HttpContext context, ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var wallets = await db.Wallets.AsNoTracking().Where(w => w.AccountId == accountId).OrderBy(w => w.Currency).ToListAsync(cancellationToken);
        return TypedResults.Ok(new BalanceResponse(accountId, wallets.Select(w => new BalanceItem(w.Currency, MeteringFilter.FormatMicros(w.BalanceMicros))).ToList()));
    }
}
