using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelMint.Data.Accounts;

namespace ModelMint.Data.Billing;

/// <summary>
/// A stored invoice: a snapshot of one organisation's rated usage for one month [PeriodStart, PeriodEnd) in one
/// currency. Amounts are in minor units (cents), rounded once per line. Unique per account, period and currency, so
/// generating a period twice never bills twice.
/// </summary>
public sealed class InvoiceRecord
{
    public Guid Id { get; set; }
    public required string Number { get; set; }
    public Guid AccountId { get; set; }
    public DateTimeOffset PeriodStart { get; set; }
    public DateTimeOffset PeriodEnd { get; set; }
    public required string Currency { get; set; }
    /// <summary><c>draft</c>, <c>finalized</c>, <c>paid</c> or <c>void</c>.</summary>
    public required string Status { get; set; }
    public long SubtotalMinor { get; set; }
    public long CreditsMinor { get; set; }
    public long TotalMinor { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }
    public string? VoidReason { get; set; }
}

/// <summary>One line of an invoice: what was used, of which model, at which price — copied, never referenced.</summary>
public sealed class InvoiceLineRecord
{
    public Guid Id { get; set; }
    public Guid InvoiceId { get; set; }
    public int Position { get; set; }
    /// <summary>What the line is for, e.g. "sentiment — calls" or "Pro: monthly fee".</summary>
    public required string Description { get; set; }
    /// <summary>The model used; null for lines that are not a model's usage (plan fees and overage).</summary>
    public string? ModelName { get; set; }
    /// <summary>Who earns the line; <see cref="Guid.Empty"/> for the platform (plan fees and overage).</summary>
    public Guid ProviderAccountId { get; set; }
    public required string Meter { get; set; }
    public long Quantity { get; set; }
    /// <summary>The price as it read when the invoice was generated, e.g. "0.002 USD per call".</summary>
    public required string PriceDescription { get; set; }
    public long AmountMinor { get; set; }
}

/// <summary>
/// A credit taken off an invoice, in the order the Domain applied it: <c>prepaid</c> (what the wallet already paid)
/// or <c>credit-note</c> (e.g. the unused part of a plan after a mid-month change). <see cref="AmountMinor"/> is the
/// credit's full amount; the invoice applies at most its subtotal.
/// </summary>
public sealed class InvoiceCreditRecord
{
    public Guid InvoiceId { get; set; }
    public int Position { get; set; }
    public required string Kind { get; set; }
    public required string Reference { get; set; }
    public required string Description { get; set; }
    public long AmountMinor { get; set; }
}

/// <summary>A provider's earnings for one month and currency: gross, the platform's fee and the payout.</summary>
public sealed class ProviderStatementRecord
{
    public Guid Id { get; set; }
    public Guid ProviderAccountId { get; set; }
    public DateTimeOffset PeriodStart { get; set; }
    public DateTimeOffset PeriodEnd { get; set; }
    public required string Currency { get; set; }
    public long GrossMinor { get; set; }
    public long FeeMinor { get; set; }
    public long PayoutMinor { get; set; }
    /// <summary>The fee percentage applied, as a decimal string (e.g. "20").</summary>
    public required string FeePercent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Platform-wide settings an operator changes at run time (e.g. <c>platform-fee-percent</c>).</summary>
public sealed class PlatformSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class InvoiceRecordConfiguration : IEntityTypeConfiguration<InvoiceRecord>
{
    public void Configure(EntityTypeBuilder<InvoiceRecord> builder)
    {
        builder.ToTable("invoices");
        builder.Property(i => i.Number).HasMaxLength(32);
        builder.Property(i => i.Currency).HasMaxLength(3);
        builder.Property(i => i.Status).HasMaxLength(16);
        builder.Property(i => i.VoidReason).HasMaxLength(500);
        builder.HasIndex(i => i.Number).IsUnique();
        builder.HasIndex(i => new { i.AccountId, i.PeriodStart, i.Currency }).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(i => i.AccountId);
    }
}

internal sealed class InvoiceLineRecordConfiguration : IEntityTypeConfiguration<InvoiceLineRecord>
{
    public void Configure(EntityTypeBuilder<InvoiceLineRecord> builder)
    {
        builder.ToTable("invoice_lines");
        builder.Property(l => l.Description).HasMaxLength(200);
        builder.Property(l => l.ModelName).HasMaxLength(63);
        builder.Property(l => l.Meter).HasMaxLength(32);
        builder.Property(l => l.PriceDescription).HasMaxLength(200);
        builder.HasIndex(l => new { l.InvoiceId, l.Position }).IsUnique();
        builder.HasOne<InvoiceRecord>().WithMany().HasForeignKey(l => l.InvoiceId);
    }
}

internal sealed class InvoiceCreditRecordConfiguration : IEntityTypeConfiguration<InvoiceCreditRecord>
{
    public void Configure(EntityTypeBuilder<InvoiceCreditRecord> builder)
    {
        builder.ToTable("invoice_credits");
        builder.HasKey(c => new { c.InvoiceId, c.Position });
        builder.Property(c => c.Kind).HasMaxLength(16);
        builder.Property(c => c.Reference).HasMaxLength(200);
        builder.Property(c => c.Description).HasMaxLength(200);
        builder.HasOne<InvoiceRecord>().WithMany().HasForeignKey(c => c.InvoiceId);
    }
}

internal sealed class ProviderStatementRecordConfiguration : IEntityTypeConfiguration<ProviderStatementRecord>
{
    public void Configure(EntityTypeBuilder<ProviderStatementRecord> builder)
    {
        builder.ToTable("provider_statements");
        builder.Property(s => s.Currency).HasMaxLength(3);
        builder.Property(s => s.FeePercent).HasMaxLength(16);
        builder.HasIndex(s => new { s.ProviderAccountId, s.PeriodStart, s.Currency }).IsUnique();
    }
}

internal sealed class PlatformSettingConfiguration : IEntityTypeConfiguration<PlatformSetting>
{
    public void Configure(EntityTypeBuilder<PlatformSetting> builder)
    {
        builder.ToTable("platform_settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(64);
        builder.Property(s => s.Value).HasMaxLength(1000);
    }
}
