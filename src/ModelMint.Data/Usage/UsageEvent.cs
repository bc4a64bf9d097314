using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelMint.Data.Accounts;

namespace ModelMint.Data.Usage;

/// <summary>
/// One billable quantity of one request: append-only, never updated. The idempotency key is unique per account and
/// meter, so a retried request can never be metered twice.
/// </summary>
public sealed class UsageEvent
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid KeyId { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string Meter { get; set; }
    public long Quantity { get; set; }
    public Guid ModelId { get; set; }
    public required string ModelName { get; set; }
    public int ModelVersion { get; set; }
    /// <summary>The account that owns the model (the provider); equal to <see cref="AccountId"/> for one's own models.</summary>
    public Guid ProviderAccountId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>What this event cost the caller's prepaid wallet, in micro-units of <see cref="Currency"/>; 0 when free or billed on the invoice.</summary>
    public long ChargedMicros { get; set; }
    public string? Currency { get; set; }
}

internal sealed class UsageEventConfiguration : IEntityTypeConfiguration<UsageEvent>
{
    public void Configure(EntityTypeBuilder<UsageEvent> builder)
    {
        builder.ToTable("usage_events");
        builder.Property(e => e.IdempotencyKey).HasMaxLength(200);
        builder.Property(e => e.Meter).HasMaxLength(32);
        builder.Property(e => e.ModelName).HasMaxLength(63);
        builder.Property(e => e.Currency).HasMaxLength(3);
        builder.HasIndex(e => new { e.ProviderAccountId, e.OccurredAt });
        builder.HasIndex(e => new { e.AccountId, e.IdempotencyKey, e.Meter }).IsUnique();
        builder.HasIndex(e => new { e.AccountId, e.OccurredAt });
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId);
    }
}
