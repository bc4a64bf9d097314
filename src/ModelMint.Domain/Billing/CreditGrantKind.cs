namespace ModelMint.Domain.Billing;

/// <summary>Where wallet credit came from; it matters for revenue (a paid top-up is cash, a grant is not).</summary>
public enum CreditGrantKind
{
    /// <summary>Credit the customer paid for.</summary>
    TopUp = 0,

    /// <summary>Credit the operator gave (promotion, goodwill, trial).</summary>
    Grant = 1,

    /// <summary>Credit from a redeemed <see cref="RedemptionCode"/>.</summary>
    Redemption = 2,
}
