using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IO;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Data.Usage;
using ModelMint.Server.Accounts;
using ModelMint.Server.Billing;
using ModelMint.Server.Caching;
using ModelMint.Server.Limits;
using ModelMint.Server.Marketplace;
using ModelMint.Server.Models;
using ModelMint.Server.Predictions;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Usage;

/// <summary>
/// The one place billable calls pass through, in order: the key's model scope, the <c>Idempotency-Key</c> (replay
/// of a recorded response), the rate limits of the key and of its organisation's plan (with <c>x-ratelimit-*</c>
/// headers on every response), the plan's monthly quotas, the prepaid balance and spend cap, the handler, and
/// then the durable recording of usage before the response leaves. A response is never sent for usage that was
/// not recorded, and a retried request is never metered twice.
/// </summary>
public sealed class MeteringFilter(
    UsageRecorder recorder,
    WalletService wallets,
    SpendCapService spendCaps,
    PlanQuotas quotas,
    IRateLimiter limiter,
    IOptions<LimitOptions> limitOptions,
    IOptions<JsonOptions> jsonOptions,
    TimeProvider time) : IEndpointFilter
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 200;

    private static readonly RecyclableMemoryStreamManager ResponseBuffers = new();

    // Keys whose first request is still running on this node; a concurrent duplicate is refused rather than run twice.
    private static readonly ConcurrentDictionary<(Guid, string), byte> InFlight = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Features.Get<CallerKey>()
            ?? throw new InvalidOperationException("Metered endpoints require API-key authentication.");
        var model = http.GetRouteValue("name") as string ?? throw new InvalidOperationException("Metered routes name their model.");
        if (!key.AllowsModel(model))
        {
            return ApiProblems.Create(StatusCodes.Status403Forbidden, "model-not-allowed", "Forbidden.",
                $"This key may only call {string.Join(", ", key.AllowedModels!.Order(StringComparer.Ordinal).Select(m => $"'{m}'"))}. Use another key, or create one that includes '{model}'.");
        }

        var target = await http.RequestServices.GetRequiredService<ListingService>().FindCallableAsync(key.AccountId, model, http.RequestAborted);
        if (target is null)
        {
            return ModelEndpoints.ModelNotFound(model);
        }

        http.Features.Set(target);

        var clientKey = http.Request.Headers[IdempotencyHeader].ToString();
        if (clientKey.Length > 0 && (clientKey.Length > MaxIdempotencyKeyLength || clientKey.Any(c => c is < (char)0x21 or > (char)0x7E)))
        {
            return ApiProblems.Validation("invalid-idempotency-key", $"The {IdempotencyHeader} header must be 1 to {MaxIdempotencyKeyLength} visible ASCII characters (a UUID is a good choice).", IdempotencyHeader);
        }

        var request = context.Arguments.OfType<IMeteredRequest>().Single();
        var quantities = request.Measure();
        var fingerprint = clientKey.Length == 0 ? null : Fingerprint(http, request);
        if (clientKey.Length > 0)
        {
            var replay = await ReplayAsync(http, key.AccountId, clientKey, fingerprint!);
            if (replay is not null)
            {
                return replay;
            }
        }

        var units = quantities.GetValueOrDefault(Meters.Characters);
        var plan = await http.RequestServices.GetRequiredService<PlanService>().TermsAsync(key.AccountId, http.RequestAborted);
        var decision = await limiter.TryAcquireAsync(key.KeyId, LimitsOf(key), units, http.RequestAborted);
        var refused = decision;
        var byPlan = false;
        if (decision.Allowed && plan is { HasRateLimits: true })
        {
            // The key's limit is checked first, so a request its own key refuses never uses up its organisation's minute;
            // one the plan refuses has used one of its key's (documented in docs/usage.md).
            refused = await limiter.TryAcquireAsync(key.AccountId, new RateLimits(plan.RequestsPerMinute ?? int.MaxValue, plan.UnitsPerMinute ?? long.MaxValue), units, http.RequestAborted);
            decision = decision.Stricter(refused);
            byPlan = !refused.Allowed;
        }

        WriteRateLimitHeaders(http.Response, decision);
        if (!refused.Allowed)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(refused.ResetAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var limit = refused.ExceededDimension == "requests" ? $"{refused.Limits.RequestsPerMinute} requests" : $"{refused.Limits.UnitsPerMinute} characters";
            var retry = Math.Ceiling(refused.ResetAfter.TotalSeconds);
            return ApiProblems.Create(StatusCodes.Status429TooManyRequests, "rate-limit-exceeded", "Too many requests.", byPlan
                ? $"This organisation's plan '{plan!.Name}' allows {limit} per minute across all its keys. Retry after {retry} s, or move to a larger plan (PUT /v1/billing/plan)."
                : $"This key may send {limit} per minute. Retry after {retry} s, or ask for a higher limit.");
        }

        if (clientKey.Length > 0 && !InFlight.TryAdd((key.AccountId, clientKey), 0))
        {
            return ApiProblems.Conflict("idempotency-key-in-flight", $"A request with {IdempotencyHeader} '{clientKey}' is still being processed. Wait for its answer, then retry to get the same response.");
        }

        var charge = target.Price is { } price ? new UsageCharge(key.AccountId, target.Model.AccountId, price.Currency, price.ChargeMicros(quantities)) : null;
        using var reservation = charge is { AmountMicros: > 0 } ? await wallets.TryReserveAsync(key.AccountId, charge.Currency, charge.AmountMicros, http.RequestAborted) : null;
        AdmissionCounter<(Guid AccountId, string Currency, string Month), SpendCapState?>.Reservation? capReservation = null;
        PlanQuotas.Reservation? quotaReservation = null;
        var quota = plan is null ? null : new QuotaUse(key.AccountId, quantities.GetValueOrDefault(Meters.Calls), units, plan.MaxCallsPerMonth ?? long.MaxValue, plan.MaxUnitsPerMonth ?? long.MaxValue);
        try
        {
            if (plan is { MaxCallsPerMonth: not null } or { MaxUnitsPerMonth: not null })
            {
                (quotaReservation, var exhausted) = await quotas.TryReserveAsync(plan, quota!, time.GetUtcNow(), http.RequestAborted);
                if (exhausted is not null)
                {
                    return QuotaExceeded(http.Response, PlanQuotas.Describe(exhausted), exhausted.Period.End);
                }
            }

            if (charge is { AmountMicros: > 0 } && reservation is null)
            {
                return await InsufficientBalanceAsync(key.AccountId, charge, http.RequestAborted);
            }

            if (charge is { AmountMicros: > 0 })
            {
                (var allowed, capReservation, var capState) = await spendCaps.TryReserveAsync(key.AccountId, charge.Currency, charge.AmountMicros, time.GetUtcNow(), http.RequestAborted);
                if (!allowed)
                {
                    return SpendCapReached(capState!, charge);
                }
            }

            var result = await next(context);
            var served = http.Features.Get<ServedModel>();
            if (served is null || result is not IResult response || Unwrap(response) is not (IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } status and IValueHttpResult value))
            {
                return result;
            }

            // Into pooled memory: a batch's answer is over 100 KB, and a fresh array that large per call would go to the
            // large object heap. Copied out only when it must be stored for replay; back to the pool when the response ends.
            var body = ResponseBuffers.GetStream(Guid.Empty); // no fresh id per response: this stream is never traced
            http.Response.RegisterForDisposeAsync(body);
            using (var json = new Utf8JsonWriter((IBufferWriter<byte>)body))
            {
                JsonSerializer.Serialize(json, value.Value, jsonOptions.Value.SerializerOptions);
            }

            var now = time.GetUtcNow();
            var idempotencyKey = clientKey.Length > 0 ? clientKey : "srv_" + Guid.CreateVersion7().ToString("N");
            var events = quantities.Select(q => new UsageEvent
            {
                Id = Guid.CreateVersion7(),
                AccountId = key.AccountId,
                KeyId = key.KeyId,
                IdempotencyKey = idempotencyKey,
                Meter = q.Key,
                Quantity = q.Value,
                ModelId = served.ModelId,
                ModelName = served.ModelName,
                ModelVersion = served.Version,
                ProviderAccountId = served.ProviderAccountId,
                OccurredAt = now,
                ChargedMicros = charge is not null && q.Key == target.Price!.Meter ? charge.AmountMicros : 0,
                // An outcome-priced call is rated by its outcome charges, never by its events.
                Currency = target.Price?.Outcome is null ? charge?.Currency : null,
            }).ToList();
            var outcomes = target.Price?.Outcome is { } terms && charge is { AmountMicros: > 0 }
                ? OutcomeCharges(key.AccountId, served, target.Price, terms, idempotencyKey, now)
                : null;
            var record = clientKey.Length == 0 ? null : new IdempotencyRecord
            {
                AccountId = key.AccountId,
                Key = clientKey,
                Fingerprint = fingerprint!,
                StatusCode = status.StatusCode!.Value,
                Body = body.ToArray(),
                CreatedAt = now,
            };

            var monthlyRated = target.Price is { MonthlyPrice: { } monthlyPrice } listed
                ? new MonthlyRatedUse(key.AccountId, listed.Currency, served.ModelName, listed.Meter, quantities.GetValueOrDefault(listed.Meter), monthlyPrice)
                : null;
            RecordOutcome outcome;
            try
            {
                outcome = await recorder.RecordAsync(new UsageRecord(events, record, charge is { AmountMicros: > 0 } ? charge : null, outcomes, quota, MonthlyRated: monthlyRated), http.RequestAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, "usage-not-recorded", "Service unavailable.",
                    $"The answer could not be recorded for billing, so it is withheld and nothing was charged. Retry the same request{(clientKey.Length > 0 ? " with the same " + IdempotencyHeader : string.Empty)}.");
            }

            outcome.ReportTo(reservation, capReservation);

            if (outcome == RecordOutcome.Duplicate && clientKey.Length > 0)
            {
                // The key's usage is recorded but its stored answer is gone (deleted after the idempotency retention,
                // IdempotencyPurge): the call was not metered, so its answer is not given away.
                return await ReplayAsync(http, key.AccountId, clientKey, fingerprint!)
                    ?? ApiProblems.Unprocessable("idempotency-key-expired",
                        $"{IdempotencyHeader} '{clientKey}' was used for a request longer ago than answers are kept, so that answer can no longer be replayed and the key cannot be used again. Use a new key for a new request.");
            }

            if (outcome == RecordOutcome.QuotaExceeded)
            {
                return QuotaExceeded(http.Response, $"This organisation's plan '{plan!.Name}' quota for this month no longer covered this call (it was used up by calls in progress). Check it with GET /v1/billing/plan, or move to a larger plan with PUT /v1/billing/plan.",
                    Domain.Billing.BillingPeriod.MonthContaining(now).End);
            }

            if (outcome == RecordOutcome.InsufficientBalance)
            {
                return await InsufficientBalanceAsync(key.AccountId, charge!, http.RequestAborted);
            }

            if (outcome == RecordOutcome.SpendCapReached)
            {
                var state = await spendCaps.StateAsync(key.AccountId, charge!.Currency, time.GetUtcNow(), http.RequestAborted);
                return state is null
                    ? ApiProblems.Create(StatusCodes.Status402PaymentRequired, "spend-cap-reached", "Payment required.", "This organisation's monthly spend cap no longer covered this call. Check it with GET /v1/billing/spend-cap.")
                    : monthlyRated is not null
                        ? ApiProblems.Create(StatusCodes.Status402PaymentRequired, "spend-cap-reached", "Payment required.", SpendCapService.DescribeMonthlyRated(state, model))
                        : SpendCapReached(state, charge);
            }

            if (reservation is not null)
            {
                http.Response.Headers["x-balance-remaining"] = StoredMoney.FormatMicros(reservation.Remaining) + " " + charge!.Currency;
            }

            return new JsonBytesResult(status.StatusCode.Value, body);
        }
        finally
        {
            capReservation?.Dispose();
            quotaReservation?.Dispose();
            if (clientKey.Length > 0)
            {
                InFlight.TryRemove((key.AccountId, clientKey), out _);
            }
        }
    }

    /// <summary>One held charge per prediction, with the listing's price, window and policy as of the call.</summary>
    private static List<OutcomeCharge> OutcomeCharges(Guid payer, ServedModel served, CallPrice price, OutcomeTerms terms, string reference, DateTimeOffset now) =>
        (served.PredictionIds ?? throw new InvalidOperationException("Outcome-priced calls must report their prediction ids."))
        .Select(id => new OutcomeCharge
        {
            PredictionId = id,
            PayerAccountId = payer,
            ProviderAccountId = served.ProviderAccountId,
            ModelId = served.ModelId,
            ModelName = served.ModelName,
            ModelVersion = served.Version,
            AmountMicros = price.UnitPriceMicros,
            Currency = price.Currency,
            Unresolved = terms.Unresolved,
            Reference = reference,
            State = OutcomeStates.Pending,
            CreatedAt = now,
            Deadline = now + terms.FeedbackWindow,
        }).ToList();

    private async Task<IResult> InsufficientBalanceAsync(Guid accountId, UsageCharge charge, CancellationToken cancellationToken)
    {
        var balance = await wallets.BalanceAsync(accountId, charge.Currency, cancellationToken);
        return ApiProblems.Create(StatusCodes.Status402PaymentRequired, "insufficient-balance", "Payment required.",
            $"This call costs {StoredMoney.FormatMicros(charge.AmountMicros)} {charge.Currency}; the prepaid balance is {StoredMoney.FormatMicros(balance)} {charge.Currency}, less what calls in progress have reserved. Top up or redeem a code (POST /v1/billing/redeem).");
    }

    /// <summary>429 <c>quota-exceeded</c>: a plan quota is hard until the month resets (<c>Retry-After</c>) or the plan changes.</summary>
    private ProblemHttpResult QuotaExceeded(HttpResponse response, string detail, DateTimeOffset resetsAt)
    {
        response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling((resetsAt - time.GetUtcNow()).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Create(StatusCodes.Status429TooManyRequests, "quota-exceeded", "Quota exceeded.", detail);
    }

    private static ProblemHttpResult SpendCapReached(SpendCapState state, UsageCharge charge) =>
        ApiProblems.Create(StatusCodes.Status402PaymentRequired, "spend-cap-reached", "Payment required.", SpendCapService.Describe(state, charge.AmountMicros));

    private RateLimits LimitsOf(CallerKey key) => new(
        key.RequestsPerMinute ?? limitOptions.Value.DefaultRequestsPerMinute,
        key.UnitsPerMinute ?? limitOptions.Value.DefaultUnitsPerMinute);

    private static void WriteRateLimitHeaders(HttpResponse response, RateLimitDecision decision)
    {
        var reset = Math.Max(1, (int)Math.Ceiling(decision.ResetAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";
        response.Headers["x-ratelimit-limit-requests"] = decision.Limits.RequestsPerMinute.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-remaining-requests"] = decision.RemainingRequests.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-reset-requests"] = reset;
        response.Headers["x-ratelimit-limit-units"] = decision.Limits.UnitsPerMinute.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-remaining-units"] = decision.RemainingUnits.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-reset-units"] = reset;
    }

    private static async Task<IResult?> ReplayAsync(HttpContext http, Guid accountId, string clientKey, string fingerprint)
    {
        var db = http.RequestServices.GetRequiredService<ModelMintDbContext>();
        var stored = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.AccountId == accountId && r.Key == clientKey, http.RequestAborted);
        if (stored is null)
        {
            return null;
        }

        if (stored.Fingerprint != fingerprint)
        {
            return ApiProblems.Unprocessable("idempotency-key-reused",
                $"{IdempotencyHeader} '{clientKey}' was already used for a different request. Use a new key for a new request.");
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        return new JsonBytesResult(stored.StatusCode, stored.Body);
    }

    private string Fingerprint(HttpContext http, IMeteredRequest request)
    {
        var canonical = $"{http.Request.Method} {http.Request.Path}\n{JsonSerializer.Serialize(request, request.GetType(), jsonOptions.Value.SerializerOptions)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static IResult Unwrap(IResult result) => result is INestedHttpResult nested ? Unwrap(nested.Result) : result;

    /// <summary>A stored or freshly serialised JSON body, written as is.</summary>
    private sealed class JsonBytesResult : IResult
    {
        private readonly int statusCode;
        private readonly byte[]? stored;
        private readonly RecyclableMemoryStream? pooled;

        public JsonBytesResult(int statusCode, byte[] body) => (this.statusCode, stored) = (statusCode, body);

        public JsonBytesResult(int statusCode, RecyclableMemoryStream body) => (this.statusCode, pooled) = (statusCode, body);

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            if (stored is not null)
            {
                httpContext.Response.ContentLength = stored.Length;
                await httpContext.Response.Body.WriteAsync(stored);
                return;
            }

            httpContext.Response.ContentLength = pooled!.Length;
            foreach (var segment in pooled.GetReadOnlySequence())
            {
                await httpContext.Response.Body.WriteAsync(segment);
            }
        }
    }
}
