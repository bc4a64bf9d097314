using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>What one billing run did.</summary>
public sealed record BillingRunResult(string Period, int InvoicesCreated, int InvoicesFinalized, int StatementsCreated, int DraftsRemaining);

/// <summary>One month's billing, each step idempotent: generate the drafts, finalize them, write the statements.</summary>
public sealed class BillingRunner(InvoiceGenerator generator, InvoiceService invoices, StatementGenerator statements)
{
    public async Task<BillingRunResult> RunAsync(BillingPeriod period, bool finalize, CancellationToken cancellationToken)
    {
        var created = await generator.GenerateAsync(period, cancellationToken);
        var finalized = finalize ? await invoices.FinalizeDraftsAsync(period, cancellationToken) : 0;
        var written = await statements.WriteAsync(period, cancellationToken);
        return new BillingRunResult(BillingMonth.Format(period), created, finalized, written.Created, written.DraftsRemaining);
    }

    public Task<StatementRun> WriteStatementsAsync(BillingPeriod period, CancellationToken cancellationToken) =>
        statements.WriteAsync(period, cancellationToken);
}
