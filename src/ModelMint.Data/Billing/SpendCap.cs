using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelMint.Data.Accounts;

namespace ModelMint.Data.Billing;

/// <summary>An organisation's monthly spend cap: the most its paid calls may charge in one UTC calendar month, in one currency.</summary>
public sealed class SpendCap
{
    public Guid AccountId { get; set; }
    public required string Currency { get; set; }
    public long AmountMicros { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// What an organisation's paid calls have charged in one currency and one UTC month (<c>yyyy-MM</c>). Calls add to
/// it with a conditional update (<c>spent + price &lt;= cap</c>) in the same transaction as their wallet debit, so
/// concurrent calls on any number of nodes can never spend past the cap.
/// </summary>
public sealed class SpendCounter
{
    public Guid AccountId { get; set; }
    public required string Currency { get; set; }
    public required string Month { get; set; }
    public long SpentMicros { get; set; }
}

internal sealed class SpendCapConfiguration : IEntityTypeConfiguration<SpendCap>
{
    public void Configure(EntityTypeBuilder<SpendCap> builder)
    {
        builder.ToTable("spend_caps");
        builder.HasKey(c => c.AccountId);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId);
    }
}

internal sealed class SpendCounterConfiguration : IEntityTypeConfiguration<SpendCounter>
{
    public void Configure(EntityTypeBuilder<SpendCounter> builder)
    {
        builder.ToTable("spend_counters");
        builder.HasKey(c => new { c.AccountId, c.Currency, c.Month });
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Property(c => c.Month).HasMaxLength(7);
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId);
    }
}
