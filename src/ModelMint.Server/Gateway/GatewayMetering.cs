using System.Globalization;
using Microsoft.Extensions.Options;
using ModelMint.Data.Gateway;
using ModelMint.Server.Accounts;
using ModelMint.Server.Billing;
using ModelMint.Server.Limits;
using ModelMint.Server.Usage;
using CapReservation = ModelMint.Server.Caching.AdmissionCounter<(System.Guid AccountId, string Currency, string Month), ModelMint.Server.Billing.SpendCapState?>.Reservation;
using UsageEvent = ModelMint.Data.Usage.UsageEvent;
using WalletReservation = ModelMint.Server.Caching.AdmissionCounter<(System.Guid AccountId, string Currency), long>.Reservation;

namespace ModelMint.Server.Gateway;

/// <summary>
/// What a call was admitted with: its token estimate, the money held for it and its place in the organisation's
/// plan quota, all held until it is settled or refused.
/// </summary>
public sealed class GatewayAdmission(
    CallerKey key, SoldModel model, long estimatedMicros, WalletReservation? wallet, CapReservation? cap, QuotaUse? quota = null, PlanQuotas.Reservation? quotaReservation = null) : IDisposable
{
    public CallerKey Key { get; } = key;
    public SoldModel Model { get; } = model;
    public long EstimatedMicros { get; } = estimatedMicros;
    public WalletReservation? Wallet { get; } = wallet;

    /// <summary>What the call adds to its organisation's plan quota counters; null without a plan.</summary>
    public QuotaUse? Quota { get; } = quota;

    /// <summary>Whether the caller pays: not for the operator's own calls of the models it sells.</summary>
    public bool Charged => Key.AccountId != Model.ProviderAccountId;

    /// <summary>Set once the call's usage is queued: from then on the recording releases the hold, not the caller.</summary>
    public bool Settling { get; internal set; }

    /// <summary>
    /// Tells the admission snapshots what the commit did (the held estimate was charged, or the database refused the
    /// charge), then releases the hold.
    /// </summary>
    public void Settled(RecordOutcome outcome)
    {
        outcome.ReportTo(Wallet, cap);
        Dispose();
    }

    /// <summary>
    /// Releases the holds on the balance, the spend cap and the plan quota. The quota's is released only here, after the
    /// commit has counted the call (or on a refusal), so the next admission never sees the call neither held nor counted.
    /// </summary>
    public void Dispose()
    {
        quotaReservation?.Dispose();
        cap?.Dispose();
        Wallet?.Dispose();
    }
}

/// <summary>
/// Admission and settlement of gateway calls through the platform's limits, plans, wallets and usage recorder.
/// Before the call, in this order: tokens per minute (estimated prompt + requested output, as OpenAI counts them)
/// through the same <see cref="IRateLimiter"/> under a key of its own; requests per minute (the key's, shared with
/// every other API); the organisation's plan (requests per minute in the organisation's bucket, shared with model
/// calls, then the monthly call quota through <see cref="PlanQuotas"/>); and a hold on the prepaid balance and spend
/// cap for the estimated price. After it: the actual tokens are recorded and charged in one group-committed
/// transaction with the call counted in the plan's quota, and the holds are released. A plan's character quota and
/// characters per minute do not apply: gateway usage is tokens, not characters.
/// </summary>
public sealed class GatewayMetering(
    IRateLimiter limiter, WalletService wallets, SpendCapService spendCaps, PlanQuotas quotas, UsageRecorder recorder,
    IOptions<LimitOptions> limitOptions, IOptions<GatewayOptions> gatewayOptions, TimeProvider time)
{
    public const string CompletedOutcome = "completed";
    public const string DisconnectedOutcome = "client-disconnected";

    /// <summary>Admits the call or says why not (an OpenAI-shaped error).</summary>
    public async Task<(GatewayAdmission? Admission, IResult? Refusal)> AdmitAsync(
        HttpContext http, CallerKey key, SoldModel model, long inputEstimate, long outputEstimate, CancellationToken cancellationToken)
    {
        var tokens = inputEstimate + outputEstimate;
        var tpm = key.TokensPerMinute ?? gatewayOptions.Value.DefaultTokensPerMinute;
        var tokenDecision = await limiter.TryAcquireAsync(TokenLimitKey(key.KeyId), new RateLimits(int.MaxValue, tpm), tokens, cancellationToken);
        var reset = Seconds(tokenDecision.ResetAfter);
        http.Response.Headers["x-ratelimit-limit-tokens"] = tpm.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["x-ratelimit-remaining-tokens"] = tokenDecision.RemainingUnits.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["x-ratelimit-reset-tokens"] = reset + "s";
        if (!tokenDecision.Allowed)
        {
            http.Response.Headers.RetryAfter = reset;
            return (null, OpenAiErrors.Create(StatusCodes.Status429TooManyRequests, OpenAiErrors.RateLimit, "rate_limit_exceeded",
                $"This key may use {tpm} tokens per minute; this request needs {tokens} (estimated prompt {inputEstimate} + max_tokens {outputEstimate}) and {tokenDecision.RemainingUnits} are left. Retry after {reset} s, lower max_tokens, or ask for a higher limit."));
        }

        var limits = new RateLimits(key.RequestsPerMinute ?? limitOptions.Value.DefaultRequestsPerMinute, key.UnitsPerMinute ?? limitOptions.Value.DefaultUnitsPerMinute);
        var requestDecision = await limiter.TryAcquireAsync(key.KeyId, limits, 0, cancellationToken);
        WriteRequestHeaders(http.Response, requestDecision);
        if (!requestDecision.Allowed)
        {
            http.Response.Headers.RetryAfter = Seconds(requestDecision.ResetAfter);
            return (null, OpenAiErrors.Create(StatusCodes.Status429TooManyRequests, OpenAiErrors.RateLimit, "rate_limit_exceeded",
                $"This key may send {limits.RequestsPerMinute} requests per minute. Retry after {Seconds(requestDecision.ResetAfter)} s, or ask for a higher limit."));
        }

        var plan = await http.RequestServices.GetRequiredService<PlanService>().TermsAsync(key.AccountId, cancellationToken);
        if (plan is { RequestsPerMinute: { } planRequests })
        {
            // The organisation's bucket and limits exactly as MeteringFilter takes them, so model calls and gateway calls
            // share the plan's minute. No characters: the units limit never refuses a gateway call. Checked after the key's
            // own limit, so a key over its limit never uses up its organisation's minute.
            var planDecision = await limiter.TryAcquireAsync(key.AccountId, new RateLimits(planRequests, plan.UnitsPerMinute ?? long.MaxValue), 0, cancellationToken);
            WriteRequestHeaders(http.Response, requestDecision.Stricter(planDecision));
            if (!planDecision.Allowed)
            {
                http.Response.Headers.RetryAfter = Seconds(planDecision.ResetAfter);
                return (null, OpenAiErrors.Create(StatusCodes.Status429TooManyRequests, OpenAiErrors.RateLimit, "rate_limit_exceeded",
                    $"This organisation's plan '{plan.Name}' allows {planRequests} requests per minute across all its keys, model calls and gateway calls together. Retry after {Seconds(planDecision.ResetAfter)} s, or move to a larger plan with PUT /v1/billing/plan."));
            }
        }

        // Every call of an organisation with a plan counts one call (and no characters) at commit, quota or not, as model
        // calls do, so a quota taken later in the month sees the calls made before it.
        var quota = plan is null ? null : new QuotaUse(key.AccountId, 1, 0, plan.MaxCallsPerMonth ?? long.MaxValue, long.MaxValue);
        PlanQuotas.Reservation? quotaReservation = null;
        if (plan is { MaxCallsPerMonth: not null })
        {
            (quotaReservation, var exhausted) = await quotas.TryReserveAsync(plan, quota!, time.GetUtcNow(), cancellationToken);
            if (exhausted is not null)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling((exhausted.Period.End - time.GetUtcNow()).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return (null, OpenAiErrors.Create(StatusCodes.Status429TooManyRequests, OpenAiErrors.InsufficientQuota, "quota_exceeded",
                    PlanQuotas.Describe(exhausted) + " Each gateway call counts as one call; the plan's character quota does not apply to it."));
            }
        }

        var admitted = false;
        try
        {
            var (admission, refusal) = await HoldAsync(key, model, inputEstimate, outputEstimate, quota, quotaReservation, cancellationToken);
            admitted = admission is not null;
            return (admission, refusal);
        }
        finally
        {
            // Refused for its money, or failed: the quota hold goes with the call (once admitted, the admission holds it).
            if (!admitted)
            {
                quotaReservation?.Dispose();
            }
        }
    }

    /// <summary>The last step of admission: holds the estimate's price on the prepaid balance and the spend cap.</summary>
    private async Task<(GatewayAdmission? Admission, IResult? Refusal)> HoldAsync(
        CallerKey key, SoldModel model, long inputEstimate, long outputEstimate, QuotaUse? quota, PlanQuotas.Reservation? quotaReservation, CancellationToken cancellationToken)
    {
        var price = model.Price;
        var estimate = key.AccountId == model.ProviderAccountId ? 0 : price.ChargeMicros(inputEstimate, outputEstimate);
        if (estimate == 0)
        {
            return (new GatewayAdmission(key, model, 0, null, null, quota, quotaReservation), null);
        }

        var wallet = await wallets.TryReserveAsync(key.AccountId, price.Currency, estimate, cancellationToken);
        if (wallet is null)
        {
            var balance = await wallets.BalanceAsync(key.AccountId, price.Currency, cancellationToken);
            return (null, OpenAiErrors.Create(StatusCodes.Status402PaymentRequired, OpenAiErrors.InsufficientQuota, "insufficient_balance",
                $"This call is held at up to {StoredMoney.FormatMicros(estimate)} {price.Currency} (estimated prompt {inputEstimate} tokens + max_tokens {outputEstimate}) and settled to the tokens used; the prepaid balance is {StoredMoney.FormatMicros(balance)} {price.Currency}, less what calls in progress hold. Lower max_tokens, top up, or redeem a code (POST /v1/billing/redeem)."));
        }

        try
        {
            var (allowed, cap, state) = await spendCaps.TryReserveAsync(key.AccountId, price.Currency, estimate, time.GetUtcNow(), cancellationToken);
            if (!allowed)
            {
                wallet.Dispose();
                return (null, OpenAiErrors.Create(StatusCodes.Status402PaymentRequired, OpenAiErrors.InsufficientQuota, "spend_cap_reached", SpendCapService.Describe(state!, estimate)));
            }

            return (new GatewayAdmission(key, model, estimate, wallet, cap, quota, quotaReservation), null);
        }
        catch
        {
            wallet.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Queues the call's actual tokens and their charge with the usage recorder: two usage events (input and output
    /// tokens, under one server-made idempotency key) and the per-call row of the margin report, committed in one
    /// transaction. The usage is queued when this returns; the task completes when it is committed, and only then is
    /// the admission's hold released, so the next call's admission still sees this one's money and quota as held. Not
    /// cancellable: tokens the upstream produced are billed even when the client has gone.
    /// For an organisation with a plan the call is counted in its month's <c>plan_quota_counters</c> row
    /// unconditionally: the quota was decided at admission, before any upstream call, and by now the answer has been
    /// delivered and the upstream paid for, so refusing the count would only give the tokens away unbilled and hide
    /// their cost from the margin report. On one node admission is exact (the hold stays until this commit); calls
    /// admitted at the same moment on other nodes can take the counter past the quota by at most those calls, and the
    /// next admission anywhere is refused. So a gateway call never ends in <see cref="RecordOutcome.QuotaExceeded"/>.
    /// </summary>
    public Task<RecordOutcome> SettleAsync(GatewayAdmission admission, RoutedChannel channel, long inputTokens, long outputTokens, string outcome)
    {
        // Queued first: if the recorder has stopped (shutdown) this throws, and the caller, still holding the admission,
        // releases its holds; from here on the recording does.
        var recorded = Record(admission, channel, inputTokens, outputTokens, outcome);
        admission.Settling = true;
        _ = recorded.ContinueWith(
            (task, state) => ((GatewayAdmission)state!).Settled(task.IsCompletedSuccessfully ? task.Result : RecordOutcome.InsufficientBalance),
            admission, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return recorded;
    }

    private Task<RecordOutcome> Record(GatewayAdmission admission, RoutedChannel channel, long inputTokens, long outputTokens, string outcome)
    {
        var model = admission.Model;
        var price = model.Price;
        var inputMicros = admission.Charged ? price.InputMicros(inputTokens) : 0;
        var outputMicros = admission.Charged ? price.OutputMicros(outputTokens) : 0;
        var charged = inputMicros + outputMicros;
        var now = time.GetUtcNow();
        var idempotencyKey = "gw_" + Guid.CreateVersion7().ToString("N");
        UsageEvent Event(string meter, long quantity, long micros, bool paid) => new()
        {
            Id = Guid.CreateVersion7(),
            AccountId = admission.Key.AccountId,
            KeyId = admission.Key.KeyId,
            IdempotencyKey = idempotencyKey,
            Meter = meter,
            Quantity = quantity,
            ModelId = model.Id,
            ModelName = model.Name,
            ModelVersion = 0,
            ProviderAccountId = model.ProviderAccountId,
            OccurredAt = now,
            ChargedMicros = paid ? micros : 0,
            Currency = paid && admission.Charged ? price.Currency : null,
        };

        GatewayCall Call(bool paid) => new()
        {
            Id = Guid.CreateVersion7(),
            AccountId = admission.Key.AccountId,
            KeyId = admission.Key.KeyId,
            IdempotencyKey = idempotencyKey,
            ModelName = model.Name,
            ChannelId = channel.Id,
            ChannelName = channel.Name,
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            Outcome = outcome,
            Currency = price.Currency,
            RevenueMicros = paid ? charged : 0,
            CostCurrency = channel.CostCurrency,
            CostMicros = channel.CostMicros(inputTokens, outputTokens),
            OccurredAt = now,
        };

        UsageEvent[] Events(bool paid) => [Event(GatewayMeters.InputTokens, inputTokens, inputMicros, paid), Event(GatewayMeters.OutputTokens, outputTokens, outputMicros, paid)];
        var charge = charged > 0 ? new UsageCharge(admission.Key.AccountId, model.ProviderAccountId, price.Currency, charged) : null;
        var quota = admission.Quota is { } use ? use with { MaxCalls = long.MaxValue, MaxUnits = long.MaxValue } : null;
        // The answer is delivered and the upstream paid: if the wallet or the cap no longer covers the charge at commit
        // (spent through another node meanwhile), the call is still recorded, unpaid — its tokens in usage and its
        // cost, with no revenue, in the margin report — rather than lost.
        var unpaid = charge is null ? null : new UsageRecord(Events(paid: false), null, Quota: quota, Rows: [Call(paid: false)]);
        return recorder.RecordAsync(new UsageRecord(Events(paid: true), null, charge, Quota: quota, Rows: [Call(paid: true)], IfRefused: unpaid), CancellationToken.None);
    }

    /// <summary>
    /// The limiter key of a key's token counter: the key id with its bits flipped by a fixed mask, so the token
    /// window lives beside (never inside) the key's request window in any <see cref="IRateLimiter"/>, Redis included.
    /// </summary>
    public static Guid TokenLimitKey(Guid keyId)
    {
        Span<byte> bytes = stackalloc byte[16];
        keyId.TryWriteBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= 0x5A;
        }

        return new Guid(bytes);
    }

    /// <summary>The <c>x-ratelimit-*-requests</c> headers of the decision with less left (the key's, or the plan's).</summary>
    private static void WriteRequestHeaders(HttpResponse response, RateLimitDecision decision)
    {
        response.Headers["x-ratelimit-limit-requests"] = decision.Limits.RequestsPerMinute.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-remaining-requests"] = decision.RemainingRequests.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-reset-requests"] = Seconds(decision.ResetAfter) + "s";
    }

    private static string Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
