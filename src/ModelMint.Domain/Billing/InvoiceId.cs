namespace ModelMint.Domain.Billing;

/// <summary>Identifies an invoice.</summary>
/// <param name="Value">The identifier.</param>
public readonly record struct InvoiceId(Guid Value)
{
    /// <summary>A new time-ordered identifier.</summary>
    public static InvoiceId New() => new(Guid.CreateVersion7());
}
