using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelMint.Data.Accounts;

namespace ModelMint.Data.Billing;

/// <summary>
/// An organisation's prepaid balance in one currency, in micro-units. Calls reserve from it with a conditional
/// update (<c>balance &gt;= price</c>), so concurrent calls can never overspend it.
/// </summary>
public sealed class Wallet
{
    public Guid AccountId { get; set; }
    public required string Currency { get; set; }
    public long BalanceMicros { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One side of a money movement. Every movement writes two entries with the same <see cref="TransactionId"/>, one
/// debit and one credit of the same amount, so debits equal credits for any set of whole transactions.
/// </summary>
public sealed class LedgerEntry
{
    public Guid Id { get; set; }
    public Guid TransactionId { get; set; }
    /// <summary>The organisation the entry belongs to; <see cref="Guid.Empty"/> for the platform itself.</summary>
    public Guid AccountId { get; set; }
    /// <summary>Which book: <c>wallet</c>, <c>provider-earnings</c>, <c>platform-fees</c>, <c>grants</c>, <c>payments</c>.</summary>
    public required string Book { get; set; }
    /// <summary><c>debit</c> or <c>credit</c>.</summary>
    public required string Side { get; set; }
    public long AmountMicros { get; set; }
    public required string Currency { get; set; }
    public required string Reason { get; set; }
    /// <summary>What caused it: a usage idempotency key, a redemption code id, an invoice id.</summary>
    public required string Reference { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>
/// Prepaid credit that expires: one grant or redemption with <see cref="ExpiresAt"/>. Its remaining part is also in
/// the wallet's balance; calls spend expiring credit first (earliest expiry, then oldest), and at
/// <see cref="ExpiresAt"/> what remains leaves the balance, booked to the platform's <c>expired-credit</c> book.
/// Credit without an expiry has no row: it is the balance less the lots' remaining parts.
/// </summary>
public sealed class CreditLot
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string Currency { get; set; }
    /// <summary><c>grant</c> or <c>redemption</c>.</summary>
    public required string Kind { get; set; }
    /// <summary>The grant's reason or the redemption code's id.</summary>
    public required string Reference { get; set; }
    public long AmountMicros { get; set; }
    public long RemainingMicros { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    /// <summary>What expired unspent; null until the lot has expired.</summary>
    public long? ExpiredMicros { get; set; }
}

/// <summary>A prepaid-credit code an operator issued in a batch; only its hash is stored.</summary>
public sealed class RedemptionCode
{
    public Guid Id { get; set; }
    public Guid BatchId { get; set; }
    public required string CodeHash { get; set; }
    public long AmountMicros { get; set; }
    public required string Currency { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Until when the code can be redeemed.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>How many days the credit lasts once redeemed; null for credit that does not expire.</summary>
    public int? CreditValidDays { get; set; }
    public Guid? RedeemedBy { get; set; }
    public DateTimeOffset? RedeemedAt { get; set; }
}

internal sealed class WalletConfiguration : IEntityTypeConfiguration<Wallet>
{
    public void Configure(EntityTypeBuilder<Wallet> builder)
    {
        builder.ToTable("wallets");
        builder.HasKey(w => new { w.AccountId, w.Currency });
        builder.Property(w => w.Currency).HasMaxLength(3);
        builder.HasOne<Account>().WithMany().HasForeignKey(w => w.AccountId);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("ledger_entries");
        builder.Property(e => e.Book).HasMaxLength(32);
        builder.Property(e => e.Side).HasMaxLength(8);
        builder.Property(e => e.Currency).HasMaxLength(3);
        builder.Property(e => e.Reason).HasMaxLength(64);
        builder.Property(e => e.Reference).HasMaxLength(200);
        builder.HasIndex(e => new { e.AccountId, e.OccurredAt });
        builder.HasIndex(e => e.TransactionId);
    }
}

internal sealed class CreditLotConfiguration : IEntityTypeConfiguration<CreditLot>
{
    public void Configure(EntityTypeBuilder<CreditLot> builder)
    {
        builder.ToTable("credit_lots");
        builder.Property(l => l.Currency).HasMaxLength(3);
        builder.Property(l => l.Kind).HasMaxLength(16);
        builder.Property(l => l.Reference).HasMaxLength(200);
        builder.HasIndex(l => new { l.AccountId, l.Currency, l.RemainingMicros });
        builder.HasIndex(l => new { l.ExpiresAt, l.RemainingMicros });
        builder.HasOne<Account>().WithMany().HasForeignKey(l => l.AccountId);
    }
}

internal sealed class RedemptionCodeConfiguration : IEntityTypeConfiguration<RedemptionCode>
{
    public void Configure(EntityTypeBuilder<RedemptionCode> builder)
    {
        builder.ToTable("redemption_codes");
        builder.Property(c => c.CodeHash).HasMaxLength(64);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.HasIndex(c => c.CodeHash).IsUnique();
        builder.HasIndex(c => c.BatchId);
    }
}
