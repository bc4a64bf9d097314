namespace ModelMint.Server.Webhooks;

/// <summary>The event types an endpoint can subscribe to. Adding one: a constant here, a publisher, a section in docs/webhooks.md.</summary>
public static class WebhookEvents
{
    /// <summary>An invoice moved from draft to finalized; <c>data</c> is the invoice as the API returns it.</summary>
    public const string InvoiceFinalized = "invoice.finalized";

    /// <summary>
    /// Usage since the last credit reached 50, 80 or 100 % of the balance that credit left (<see cref="UsageThresholdData"/>,
    /// <c>limit</c> <c>balance</c>), or this month's use reached that share of a plan quota or the spend cap
    /// (<see cref="LimitThresholdData"/>).
    /// </summary>
    public const string UsageThreshold = "usage.threshold";

    /// <summary>A prepaid balance fell below <c>Webhooks:LowBalanceMicros</c> (<see cref="BalanceLowData"/>).</summary>
    public const string BalanceLow = "balance.low";

    public static IReadOnlyList<string> All { get; } = [InvoiceFinalized, UsageThreshold, BalanceLow];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);
}

/// <summary>
/// The body of every delivery. <c>Id</c> identifies the event (the same on every retry, and for every endpoint it was
/// enqueued for at once), so a receiver can ignore one it has already handled.
/// </summary>
public sealed record WebhookEventEnvelope(Guid Id, string Type, DateTimeOffset CreatedAt, object Data);

/// <summary>
/// <c>usage.threshold</c>: the prepaid balance in <c>Currency</c> has been used down to <c>Percent</c> (50, 80 or 100)
/// of its reference — the balance right after the last credit (<c>CreditTransactionId</c>; null when the wallet has
/// only an opening balance). Amounts are decimal strings in the currency's units.
/// </summary>
public sealed record UsageThresholdData(
    Guid AccountId, string Currency, int Percent, string ReferenceBalance, string Used, string Balance, Guid? CreditTransactionId)
{
    /// <summary>Which limit the threshold is of: always <c>balance</c> here (see <see cref="LimitThresholdData"/> for the others).</summary>
    public string Limit => "balance";
}

/// <summary><c>balance.low</c>: the prepaid balance in <c>Currency</c> is below <c>Threshold</c>; sent once per credit.</summary>
public sealed record BalanceLowData(Guid AccountId, string Currency, string Balance, string Threshold, Guid? CreditTransactionId);
