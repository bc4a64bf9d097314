using Microsoft.AspNetCore.Http.HttpResults;
using ModelMint.Domain.Billing;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Billing;

public sealed record BillingRunRequest(string? Period);

/// <summary>The operator's billing controls: run a month now, and reconcile a month.</summary>
public static class BillingAdminEndpoints
{
    public static IEndpointRouteBuilder MapBillingAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin").WithTags("Administration").RequireAuthorization().RequireOperator();
        group.MapPost("/billing/run", Run).WithSummary("Bill an ended month now: generate its invoices, finalize them, write provider statements. Idempotent.");
        group.MapGet("/ledger/check", Check).WithSummary("Reconcile a month: ledger debits equal credits, and invoice lines equal the rated usage.");
        return app;
    }

    public static async Task<Results<Ok<BillingRunResult>, ProblemHttpResult>> Run(
        BillingRunRequest? request, HttpContext context, BillingRunner runner, TimeProvider time, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!BillingMonth.TryParse(request?.Period, out var period))
        {
            return InvalidPeriod();
        }

        if (period.End > time.GetUtcNow())
        {
            return ApiProblems.Conflict("period-not-ended",
                $"{BillingMonth.Format(period)} ends at {period.End:O}; a month is billed once it has ended, so no later usage is left out.");
        }

        BillingRunResult result;
        try
        {
            result = await runner.RunAsync(period, finalize: true, cancellationToken);
        }
        catch (InvalidPlatformFeeException e)
        {
            return ApiProblems.Conflict("invalid-platform-fee", e.Message);
        }

        await audit.RecordAsync(context, AuditActions.BillingRun, $"billing-period:{result.Period}",
            new { period = result.Period, result.InvoicesCreated, result.InvoicesFinalized, result.StatementsCreated, result.DraftsRemaining }, cancellationToken: cancellationToken);
        return TypedResults.Ok(result);
    }

    public static async Task<Results<Ok<LedgerCheckResponse>, ProblemHttpResult>> Check(
        string? period, string? currency, LedgerAuditor auditor, CancellationToken cancellationToken)
    {
        if (!BillingMonth.TryParse(period, out var month))
        {
            return InvalidPeriod();
        }

        if (!Currency.TryFromCode(currency ?? "USD", out var code))
        {
            return ApiProblems.Validation("invalid-currency", "'currency' must be a three-letter ISO 4217 code billing knows, e.g. USD (the default).", "currency");
        }

        return TypedResults.Ok(await auditor.CheckAsync(month, code, cancellationToken));
    }

    private static ProblemHttpResult InvalidPeriod() =>
        ApiProblems.Validation("invalid-period", $"'period' must be {BillingMonth.Rule}.", "period");
}
