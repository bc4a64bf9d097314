using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Data.Marketplace;
using ModelMint.Domain.Billing;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Caching;
using ModelMint.Server.Problems;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Billing;

public sealed record GrantCreditRequest(string? Amount, string? Currency, string? Reason, DateTimeOffset? ExpiresAt = null);

public sealed record RedemptionBatchRequest(int? Count, string? Amount, string? Currency, DateTimeOffset? ExpiresAt, int? CreditValidDays = null);

/// <summary>The only response that carries the codes themselves; only their hashes are stored.</summary>
public sealed record RedemptionBatchResponse(Guid BatchId, int Count, string Amount, string Currency, DateTimeOffset? ExpiresAt, int? CreditValidDays, IReadOnlyList<string> Codes);

public sealed record PriceBoundRequest(string? Currency, string? MinPerUnit, string? MaxPerUnit);

public sealed record PriceBoundResponse(string Meter, string Currency, string MinPerUnit, string MaxPerUnit);

public sealed record PlatformFeeRequest(string? Percent);

public sealed record PlatformFeeResponse(string Percent);

/// <summary>The operator's commercial controls: credit, redemption codes, price bounds and the platform fee.</summary>
public static class OperatorEndpoints
{
    private const int MaxBatch = 10_000;
    private static readonly string[] BoundedMeters = [Meters.Calls, Meters.Characters];

    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin").WithTags("Administration").RequireAuthorization().RequireOperator();
        group.MapPost("/accounts/{id:guid}/credits", Grant).WithSummary("Grant prepaid credit to an organisation (booked against the grants book).");
        group.MapPost("/redemption-batches", CreateBatch).WithSummary("Issue a batch of single-use prepaid-credit codes. The codes are in this response only.");
        group.MapPut("/price-bounds/{meter}", PutBound).WithSummary("Set the range providers may charge per call or per character, per currency.");
        group.MapGet("/price-bounds", ListBounds).WithSummary("The price bounds in force.");
        group.MapPut("/platform-fee", PutFee).WithSummary("The percentage of provider revenue the platform keeps, used by the next statements.");
        return app;
    }

    public static async Task<Results<Ok<BalanceItem>, ProblemHttpResult>> Grant(
        Guid id, GrantCreditRequest request, HttpContext context, ModelMintDbContext db, TimeProvider time, ICacheInvalidation invalidation, AuditLog audit, CancellationToken cancellationToken)
    {
        var (currency, micros, error) = ReadAmount(request.Amount, request.Currency);
        if (error is not null)
        {
            return error;
        }

        if (!await db.Accounts.AnyAsync(a => a.Id == id, cancellationToken))
        {
            return ApiProblems.NotFound("account-not-found", $"No organisation {id}. List them with GET /v1/admin/accounts.");
        }

        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            return ApiProblems.Validation("invalid-expiry", "'expiresAt' must be in the future, or left out for credit that does not expire.", "expiresAt");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await WalletService.CreditAsync(db, id, currency!, micros, Books.Grants, "grant", string.IsNullOrWhiteSpace(request.Reason) ? "operator grant" : request.Reason.Trim()[..Math.Min(200, request.Reason.Trim().Length)], now, cancellationToken,
            request.ExpiresAt?.ToUniversalTime());
        await transaction.CommitAsync(cancellationToken);
        invalidation.BalanceChanged(id);
        // Recorded for the organisation that received the credit, so it is in that organisation's log too.
        await audit.RecordAsync(context, AuditActions.CreditGranted, $"account:{id}",
            new { amount = StoredMoney.FormatMicros(micros), currency, expiresAt = request.ExpiresAt?.ToUniversalTime() }, id, cancellationToken);
        return TypedResults.Ok(await BillingEndpoints.BalanceItemAsync(db, id, currency!, now, cancellationToken));
    }

    public static async Task<Results<Created<RedemptionBatchResponse>, ProblemHttpResult>> CreateBatch(
        RedemptionBatchRequest request, HttpContext context, ModelMintDbContext db, TimeProvider time, AuditLog audit, CancellationToken cancellationToken)
    {
        if (request.Count is not (>= 1 and <= MaxBatch))
        {
            return ApiProblems.Validation("invalid-count", $"'count' must be from 1 to {MaxBatch}.", "count");
        }

        var (currency, micros, error) = ReadAmount(request.Amount, request.Currency);
        if (error is not null)
        {
            return error;
        }

        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            return ApiProblems.Validation("invalid-expiry", "'expiresAt' must be in the future, or left out for codes that do not expire.", "expiresAt");
        }

        if (request.CreditValidDays is not (null or (>= 1 and <= 3650)))
        {
            return ApiProblems.Validation("invalid-credit-validity", "'creditValidDays' (how long the credit lasts once redeemed) must be from 1 to 3650 days, or left out for credit that does not expire.", "creditValidDays");
        }

        var batchId = Guid.CreateVersion7();
        var codes = Domain.Billing.RedemptionCode.GenerateBatch(new RedemptionCodes.SecureRandom(), request.Count.Value);
        db.RedemptionCodes.AddRange(codes.Select(code => new Data.Billing.RedemptionCode
        {
            Id = Guid.CreateVersion7(),
            BatchId = batchId,
            CodeHash = RedemptionCodes.Hash(code),
            AmountMicros = micros,
            Currency = currency!,
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
            CreditValidDays = request.CreditValidDays,
        }));
        await db.SaveChangesAsync(cancellationToken);
        // Never the codes: they are bearer secrets, shown once in this response and stored only as hashes.
        await audit.RecordAsync(context, AuditActions.RedemptionBatchCreated, $"redemption-batch:{batchId}",
            new { count = codes.Count, amount = StoredMoney.FormatMicros(micros), currency, expiresAt = request.ExpiresAt?.ToUniversalTime(), request.CreditValidDays }, cancellationToken: cancellationToken);
        return TypedResults.Created($"/v1/admin/redemption-batches/{batchId}",
            new RedemptionBatchResponse(batchId, codes.Count, StoredMoney.FormatMicros(micros), currency!, request.ExpiresAt, request.CreditValidDays, codes.Select(c => c.ToString()).ToList()));
    }

    public static async Task<Results<Ok<PriceBoundResponse>, ProblemHttpResult>> PutBound(
        string meter, PriceBoundRequest request, HttpContext context, ModelMintDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!BoundedMeters.Contains(meter))
        {
            return ApiProblems.Validation("invalid-meter", $"Bounds apply per unit of {string.Join(" or ", BoundedMeters)}.", "meter");
        }

        if (request.Currency is null || !StoredMoney.AcceptedCurrencies.Contains(request.Currency))
        {
            return ApiProblems.Validation("invalid-currency", $"'currency' must be one of {string.Join(", ", StoredMoney.AcceptedCurrencies)}.", "currency");
        }

        if (!StoredMoney.TryParseExact(request.MinPerUnit, 10, out var min) || !StoredMoney.TryParseExact(request.MaxPerUnit, 10, out var max) || min > max)
        {
            return ApiProblems.Validation("invalid-bounds", "'minPerUnit' and 'maxPerUnit' are non-negative decimal strings (at most 10 decimals) with min ≤ max, e.g. \"0.0001\" and \"0.05\" per call.", "minPerUnit");
        }

        var bound = await db.PriceBounds.SingleOrDefaultAsync(b => b.Meter == meter && b.Currency == request.Currency, cancellationToken);
        if (bound is null)
        {
            bound = new PriceBound { Meter = meter, Currency = request.Currency };
            db.PriceBounds.Add(bound);
        }

        bound.MinMicrosPerUnit = min * 1_000_000;
        bound.MaxMicrosPerUnit = max * 1_000_000;
        await db.SaveChangesAsync(cancellationToken);
        var response = ToResponse(bound);
        await audit.RecordAsync(context, AuditActions.PriceBoundSet, $"price-bound:{meter}:{bound.Currency}",
            new { response.Meter, response.Currency, response.MinPerUnit, response.MaxPerUnit }, cancellationToken: cancellationToken);
        return TypedResults.Ok(response);
    }

    public static async Task<Ok<Hosting.ItemList<PriceBoundResponse>>> ListBounds(ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var bounds = await db.PriceBounds.AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(new Hosting.ItemList<PriceBoundResponse>(bounds.OrderBy(b => b.Meter).ThenBy(b => b.Currency).Select(ToResponse).ToList()));
    }

    public static async Task<Results<Ok<PlatformFeeResponse>, ProblemHttpResult>> PutFee(
        PlatformFeeRequest request, HttpContext context, ModelMintDbContext db, TimeProvider time, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!StoredMoney.TryParseExact(request.Percent, 4, out var percent) || percent > 100)
        {
            return ApiProblems.Validation("invalid-platform-fee", "'percent' is a decimal string from 0 to 100 with at most four decimals, e.g. \"20\".", "percent");
        }

        var setting = await db.PlatformSettings.SingleOrDefaultAsync(s => s.Key == StatementGenerator.FeePercentSetting, cancellationToken);
        if (setting is null)
        {
            setting = new PlatformSetting { Key = StatementGenerator.FeePercentSetting, Value = string.Empty };
            db.PlatformSettings.Add(setting);
        }

        setting.Value = percent.ToString(CultureInfo.InvariantCulture);
        setting.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(context, AuditActions.PlatformFeeSet, $"platform-setting:{StatementGenerator.FeePercentSetting}", new { percent = setting.Value }, cancellationToken: cancellationToken);
        return TypedResults.Ok(new PlatformFeeResponse(setting.Value));
    }

    private static PriceBoundResponse ToResponse(PriceBound b) => new(b.Meter, b.Currency,
        (b.MinMicrosPerUnit / 1_000_000).ToString("0.##########", CultureInfo.InvariantCulture),
        (b.MaxMicrosPerUnit / 1_000_000).ToString("0.##########", CultureInfo.InvariantCulture));

    private static (string? Currency, long Micros, ProblemHttpResult? Error) ReadAmount(string? amount, string? currency)
    {
        if (currency is null || !StoredMoney.AcceptedCurrencies.Contains(currency))
        {
            return (null, 0, ApiProblems.Validation("invalid-currency", $"'currency' must be one of {string.Join(", ", StoredMoney.AcceptedCurrencies)}.", "currency"));
        }

        if (!StoredMoney.TryParseExact(amount, 6, out var value) || value <= 0 || value > 1_000_000)
        {
            return (null, 0, ApiProblems.Validation("invalid-amount", "'amount' must be a decimal string above 0 and at most 1000000, with at most six decimals, e.g. \"25.00\".", "amount"));
        }

        return (currency, (long)(value * 1_000_000), null);
    }
}
