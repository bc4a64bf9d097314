namespace ModelMint.Domain.Billing;

/// <summary>
/// An invoice's life: <see cref="Draft"/> → <see cref="Finalized"/> → <see cref="Paid"/> or <see cref="Void"/>.
/// Only a draft changes; a finalized invoice is a fixed document that is either paid or voided.
/// </summary>
public enum InvoiceStatus
{
    /// <summary>Being assembled: lines and credits may change.</summary>
    Draft = 0,

    /// <summary>Issued to the customer and awaiting payment; immutable.</summary>
    Finalized = 1,

    /// <summary>Settled. Final.</summary>
    Paid = 2,

    /// <summary>Cancelled after issue (a mistake, a dispute). Final.</summary>
    Void = 3,
}
