using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Server.Accounts;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Billing;

public sealed record BalanceItem(string Currency, string Amount);

public sealed record BalanceResponse(Guid AccountId, IReadOnlyList<BalanceItem> Balances);

public static class BillingEndpoints
{
    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/billing").WithTags("Billing").RequireAuthorization();
        group.MapGet("/balance", Balance).WithSummary("This organisation's prepaid balances, per currency.");
        return app;
    }

    public static async Task<Ok<BalanceResponse>> Balance(HttpContext context, ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var wallets = await db.Wallets.AsNoTracking().Where(w => w.AccountId == accountId).OrderBy(w => w.Currency).ToListAsync(cancellationToken);
        return TypedResults.Ok(new BalanceResponse(accountId, wallets.Select(w => new BalanceItem(w.Currency, MeteringFilter.FormatMicros(w.BalanceMicros))).ToList()));
    }
}
