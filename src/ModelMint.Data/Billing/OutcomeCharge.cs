using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Billing;

/// <summary>
/// The price of one outcome-priced prediction, held from the payer's wallet at call time until the customer's
/// feedback (or the window's close) decides it. The price, window and unresolved policy are snapshots of the
/// listing at call time, so a later listing change does not alter a call already made. States:
/// <c>pending</c> → <c>accepted</c> | <c>rejected</c> (feedback) or <c>expired-charged</c> | <c>expired-free</c>
/// (settlement); each move is a conditional update on <c>pending</c>, so a charge resolves once.
/// </summary>
public sealed class OutcomeCharge
{
    public Guid PredictionId { get; set; }
    public Guid PayerAccountId { get; set; }
    public Guid ProviderAccountId { get; set; }
    public Guid ModelId { get; set; }
    public required string ModelName { get; set; }
    public int ModelVersion { get; set; }
    public long AmountMicros { get; set; }
    public required string Currency { get; set; }
    /// <summary><c>charge</c> or <c>free</c>: what the window's close without feedback means.</summary>
    public required string Unresolved { get; set; }
    /// <summary>The usage idempotency key of the call; the reference of its ledger movements.</summary>
    public required string Reference { get; set; }
    public required string State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The first instant at which feedback is too late.</summary>
    public DateTimeOffset Deadline { get; set; }
    public bool? Accepted { get; set; }
    /// <summary>The label the customer says was right: labelled data for the provider's next training.</summary>
    public string? CorrectLabel { get; set; }
    public DateTimeOffset? FeedbackAt { get; set; }
    /// <summary>When the charge left <c>pending</c>; the invoice period of a billed charge.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }
}

internal sealed class OutcomeChargeConfiguration : IEntityTypeConfiguration<OutcomeCharge>
{
    public void Configure(EntityTypeBuilder<OutcomeCharge> builder)
    {
        builder.ToTable("outcome_charges");
        builder.HasKey(c => c.PredictionId);
        builder.Property(c => c.ModelName).HasMaxLength(63);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Property(c => c.Unresolved).HasMaxLength(8);
        builder.Property(c => c.Reference).HasMaxLength(200);
        builder.Property(c => c.State).HasMaxLength(16);
        builder.Property(c => c.CorrectLabel).HasMaxLength(200);
        builder.HasIndex(c => new { c.State, c.Deadline });
        builder.HasIndex(c => new { c.State, c.ResolvedAt });
        builder.HasIndex(c => c.PayerAccountId);
    }
}
