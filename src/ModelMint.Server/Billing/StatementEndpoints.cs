using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Domain.Billing;
using ModelMint.Server.Accounts;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Billing;

/// <summary>A provider's earnings for one month and currency; amounts are decimal strings, gross = fee + payout.</summary>
public sealed record StatementResponse(
    Guid Id, Guid ProviderAccountId, PeriodResponse Period, string Currency, string Gross, string FeePercent, string Fee, string Payout, DateTimeOffset CreatedAt)
{
    public static StatementResponse From(ProviderStatementRecord s)
    {
        var currency = StoredMoney.CurrencyOf(s.Currency);
        return new StatementResponse(
            s.Id, s.ProviderAccountId, PeriodResponse.From(new BillingPeriod(s.PeriodStart, s.PeriodEnd)), s.Currency,
            StoredMoney.Format(s.GrossMinor, currency), s.FeePercent, StoredMoney.Format(s.FeeMinor, currency), StoredMoney.Format(s.PayoutMinor, currency), s.CreatedAt);
    }
}

public static class StatementEndpoints
{
    public static IEndpointRouteBuilder MapStatementEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/statements").WithTags("Statements").RequireAuthorization();
        group.MapGet("/", List).WithSummary("This provider's monthly statements (gross, platform fee, payout), newest first.");
        group.MapGet("/{id:guid}", Get).WithSummary("One of this provider's statements.");
        return app;
    }

    public static async Task<Ok<ItemList<StatementResponse>>> List(HttpContext context, ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var statements = await db.ProviderStatements.AsNoTracking()
            .Where(s => s.ProviderAccountId == accountId)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ItemList<StatementResponse>(
            statements.OrderByDescending(s => s.PeriodStart).ThenBy(s => s.Currency, StringComparer.Ordinal).Select(StatementResponse.From).ToList()));
    }

    public static async Task<Results<Ok<StatementResponse>, ProblemHttpResult>> Get(Guid id, HttpContext context, ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var statement = await db.ProviderStatements.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.ProviderAccountId == accountId, cancellationToken);
        return statement is null
            ? ApiProblems.NotFound("statement-not-found", $"No statement {id} for this organisation. List yours with GET /v1/statements.")
            : TypedResults.Ok(StatementResponse.From(statement));
    }
}
