using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Domain.Billing;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Billing;

/// <summary>A billing period: the UTC month and its half-open bounds <c>[start, end)</c>.</summary>
public sealed record PeriodResponse(string Month, DateTimeOffset Start, DateTimeOffset End)
{
    public static PeriodResponse From(BillingPeriod period) => new(BillingMonth.Format(period), period.Start, period.End);
}

/// <summary>Amounts are decimal strings in the invoice's currency, rounded to its minor unit.</summary>
public sealed record InvoiceSummary(
    Guid Id, string Number, string Status, PeriodResponse Period, string Currency, string Subtotal, string CreditsApplied, string Total,
    DateTimeOffset CreatedAt, DateTimeOffset? IssuedAt);

public sealed record InvoiceLineResponse(int Position, string Description, string? Model, Guid ProviderAccountId, string Meter, long Quantity, string Price, string Amount);

public sealed record InvoiceCreditResponse(string Kind, string Description, string Amount, string Applied);

public sealed record InvoiceResponse(
    Guid Id, string Number, Guid AccountId, string Status, PeriodResponse Period, string Currency,
    IReadOnlyList<InvoiceLineResponse> Lines, IReadOnlyList<InvoiceCreditResponse> Credits,
    string Subtotal, string CreditsApplied, string Total,
    DateTimeOffset CreatedAt, DateTimeOffset? IssuedAt, DateTimeOffset? PaidAt, DateTimeOffset? VoidedAt, string? VoidReason)
{
    public static InvoiceResponse From(InvoiceDocument document)
    {
        var invoice = document.ToDomain();
        var record = document.Record;
        return new InvoiceResponse(
            record.Id, record.Number, record.AccountId, record.Status, PeriodResponse.From(invoice.Period), record.Currency,
            document.Lines.OrderBy(l => l.Position).Select(l => new InvoiceLineResponse(
                l.Position, l.Description, l.ModelName, l.ProviderAccountId, l.Meter, l.Quantity, l.PriceDescription,
                Text(StoredMoney.FromMinor(l.AmountMinor, invoice.Currency)))).ToList(),
            invoice.Credits.Select(c => new InvoiceCreditResponse(
                c.Credit.Kind == InvoiceCreditKind.Prepaid ? "prepaid" : "credit-note", c.Credit.Description, Text(c.Credit.Amount), Text(c.Applied))).ToList(),
            Text(invoice.Subtotal), Text(invoice.CreditsApplied), Text(invoice.Total),
            record.CreatedAt, record.IssuedAt, record.PaidAt, record.VoidedAt, record.VoidReason);
    }

    public static InvoiceSummary Summary(Data.Billing.InvoiceRecord record)
    {
        var currency = StoredMoney.CurrencyOf(record.Currency);
        return new InvoiceSummary(
            record.Id, record.Number, record.Status, PeriodResponse.From(new BillingPeriod(record.PeriodStart, record.PeriodEnd)), record.Currency,
            StoredMoney.Format(record.SubtotalMinor, currency), StoredMoney.Format(record.CreditsMinor, currency), StoredMoney.Format(record.TotalMinor, currency),
            record.CreatedAt, record.IssuedAt);
    }

    internal static string Text(Money amount) => StoredMoney.Format(amount.ToMinorUnits(), amount.Currency);
}

public sealed record VoidInvoiceRequest(string? Reason);

public static class InvoiceEndpoints
{
    private const int MaxVoidReason = 500;

    public static IEndpointRouteBuilder MapInvoiceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/invoices").WithTags("Invoices").RequireAuthorization();
        group.MapGet("/", List).WithSummary("This organisation's invoices, newest period first.");
        group.MapGet("/{id:guid}", Get).WithSummary("One invoice with its lines, credits and totals; ?format=csv for the CSV export.");
        group.MapGet("/{id:guid}.csv", Csv).WithSummary("One invoice as CSV (RFC 4180): a header, one row per line, then the totals.");
        group.MapPost("/{id:guid}/finalize", FinalizeInvoice).WithSummary("Issue a draft invoice (operator).");
        group.MapPost("/{id:guid}/pay", PayInvoice).WithSummary("Record payment of this organisation's finalized invoice.");
        group.MapPost("/{id:guid}/void", VoidInvoice).WithSummary("Cancel a finalized invoice, with a reason (operator).");
        return app;
    }

    public static async Task<Ok<ItemList<InvoiceSummary>>> List(HttpContext context, ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var records = await db.Invoices.AsNoTracking()
            .Where(i => i.AccountId == accountId)
            .OrderByDescending(i => i.PeriodStart).ThenByDescending(i => i.Number)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ItemList<InvoiceSummary>(records.Select(InvoiceResponse.Summary).ToList()));
    }

    public static async Task<Results<Ok<InvoiceResponse>, FileContentHttpResult, ProblemHttpResult>> Get(
        Guid id, string? format, HttpContext context, InvoiceService invoices, CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "csv"))
        {
            return ApiProblems.Validation("invalid-format", "'format' must be \"json\" (the default) or \"csv\".", "format");
        }

        var document = await FindOwnAsync(id, context, invoices, cancellationToken);
        if (document is null)
        {
            return InvoiceNotFound(id);
        }

        return format == "csv" ? CsvFile(document) : TypedResults.Ok(InvoiceResponse.From(document));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Csv(Guid id, HttpContext context, InvoiceService invoices, CancellationToken cancellationToken)
    {
        var document = await FindOwnAsync(id, context, invoices, cancellationToken);
        return document is null ? InvoiceNotFound(id) : CsvFile(document);
    }

    public static async Task<Results<Ok<InvoiceResponse>, ProblemHttpResult>> FinalizeInvoice(
        Guid id, HttpContext context, InvoiceService invoices, AuditLog audit, CancellationToken cancellationToken)
    {
        var refusal = await CheckOperatorAccessAsync(id, "finalize invoices", context, invoices, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var transition = await invoices.FinalizeAsync(id, cancellationToken);
        await RecordAsync(audit, context, AuditActions.InvoiceFinalized, transition, null, cancellationToken);
        return Answer(transition);
    }

    public static async Task<Results<Ok<InvoiceResponse>, ProblemHttpResult>> PayInvoice(
        Guid id, HttpContext context, InvoiceService invoices, AuditLog audit, CancellationToken cancellationToken)
    {
        if (await FindOwnAsync(id, context, invoices, cancellationToken) is null)
        {
            return InvoiceNotFound(id);
        }

        var transition = await invoices.PayAsync(id, cancellationToken);
        await RecordAsync(audit, context, AuditActions.InvoicePaid, transition, null, cancellationToken);
        return Answer(transition);
    }

    public static async Task<Results<Ok<InvoiceResponse>, ProblemHttpResult>> VoidInvoice(
        Guid id, VoidInvoiceRequest? request, HttpContext context, InvoiceService invoices, AuditLog audit, CancellationToken cancellationToken)
    {
        var reason = request?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxVoidReason || reason.Any(char.IsControl))
        {
            return ApiProblems.Validation("invalid-void-reason", $"Say why the invoice is voided: 'reason' is 1 to {MaxVoidReason} printable characters.", "reason");
        }

        var refusal = await CheckOperatorAccessAsync(id, "void invoices", context, invoices, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var transition = await invoices.VoidAsync(id, reason, cancellationToken);
        await RecordAsync(audit, context, AuditActions.InvoiceVoided, transition, reason, cancellationToken);
        return Answer(transition);
    }

    /// <summary>Records a transition that happened (none for a refused one) in the log of the invoice's organisation.</summary>
    private static async Task RecordAsync(AuditLog audit, HttpContext context, string action, InvoiceTransition transition, string? reason, CancellationToken cancellationToken)
    {
        if (transition.Refused)
        {
            return;
        }

        var record = transition.Document.Record;
        object details = reason is null
            ? new { number = record.Number, status = record.Status }
            : new { number = record.Number, status = record.Status, reason };
        await audit.RecordAsync(context, action, $"invoice:{record.Id}", details, record.AccountId, cancellationToken);
    }

    public static ProblemHttpResult InvoiceNotFound(Guid id) =>
        ApiProblems.NotFound("invoice-not-found", $"No invoice {id} for this organisation. List yours with GET /v1/invoices.");

    /// <summary>The invoice when it belongs to the caller's organisation; another organisation's is "not found".</summary>
    private static async Task<InvoiceDocument?> FindOwnAsync(Guid id, HttpContext context, InvoiceService invoices, CancellationToken cancellationToken)
    {
        var document = await invoices.FindAsync(id, cancellationToken);
        return document is not null && document.Record.AccountId == context.User.AccountId() ? document : null;
    }

    /// <summary>
    /// Finalize and void are the operator's, on any organisation's invoice. Anyone else gets 404 for an invoice
    /// they cannot see and 403 for their own.
    /// </summary>
    private static async Task<ProblemHttpResult?> CheckOperatorAccessAsync(Guid id, string action, HttpContext context, InvoiceService invoices, CancellationToken cancellationToken)
    {
        var document = await invoices.FindAsync(id, cancellationToken);
        var isOperator = context.User.IsInRole(AccountRoles.Operator);
        if (document is null || (!isOperator && document.Record.AccountId != context.User.AccountId()))
        {
            return InvoiceNotFound(id);
        }

        return isOperator ? null : Policies.ForbiddenRole(context.User, [AccountRoles.Operator]);
    }

    private static Results<Ok<InvoiceResponse>, ProblemHttpResult> Answer(InvoiceTransition transition) =>
        transition.Refusal is { } refusal
            ? ApiProblems.Create(StatusCodes.Status409Conflict, "invalid-invoice-transition", "Conflict.", refusal,
                new Dictionary<string, object?> { ["currentStatus"] = transition.Document.Record.Status })
            : TypedResults.Ok(InvoiceResponse.From(transition.Document));

    private static FileContentHttpResult CsvFile(InvoiceDocument document) =>
        TypedResults.File(InvoiceCsv.Write(document), "text/csv; charset=utf-8", document.Record.Number + ".csv");
}
