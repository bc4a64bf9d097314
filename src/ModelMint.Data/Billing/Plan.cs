using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelMint.Data.Accounts;

namespace ModelMint.Data.Billing;

/// <summary>
/// A subscription plan the operator offers: a monthly fee, units included per meter with an overage price beyond
/// them, and limits that hold for every key of a subscribed organisation (per-minute rates and hard monthly
/// quotas). Plans are immutable once created, so invoices and prorations never see a plan change under them; to
/// change terms, create a new plan and archive the old one.
/// </summary>
public sealed class Plan
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Currency { get; set; }
    public long MonthlyFeeMicros { get; set; }
    /// <summary>Requests per minute for the whole organisation; null for no plan-level limit.</summary>
    public int? RequestsPerMinute { get; set; }
    /// <summary>Characters per minute for the whole organisation; null for no plan-level limit.</summary>
    public long? UnitsPerMinute { get; set; }
    /// <summary>Hard quota: metered calls per UTC month; null for none.</summary>
    public long? MaxCallsPerMonth { get; set; }
    /// <summary>Hard quota: characters per UTC month; null for none.</summary>
    public long? MaxUnitsPerMonth { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When set, no organisation can newly subscribe; current subscribers keep it.</summary>
    public DateTimeOffset? ArchivedAt { get; set; }
    public List<PlanAllowance> Allowances { get; set; } = [];
}

/// <summary>Units of one meter a plan's fee includes per month, and the price of each unit beyond them.</summary>
public sealed class PlanAllowance
{
    public Guid PlanId { get; set; }
    /// <summary><c>calls</c> or <c>characters</c>.</summary>
    public required string Meter { get; set; }
    public long IncludedUnits { get; set; }
    /// <summary>Overage price in micro-units per <see cref="OverageUnitSize"/> units.</summary>
    public long OveragePriceMicros { get; set; }
    public long OverageUnitSize { get; set; } = 1;
}

/// <summary>
/// One stretch of time an organisation held a plan, <c>[StartedAt, EndedAt)</c>; <see cref="EndedAt"/> is null
/// for the current one. A change ends one row and starts the next at the same instant, so invoices can prorate.
/// </summary>
public sealed class PlanSubscription
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid PlanId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

/// <summary>
/// What an organisation has used of its plan's monthly quotas in one UTC month (<c>yyyy-MM</c>). Calls add to it
/// with a conditional update (<c>used + quantity &lt;= quota</c>) in the group-commit transaction, so concurrent calls
/// on any number of nodes can never exceed a quota.
/// </summary>
public sealed class PlanQuotaCounter
{
    public Guid AccountId { get; set; }
    public required string Month { get; set; }
    public long Calls { get; set; }
    public long Units { get; set; }
}

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> builder)
    {
        builder.ToTable("plans");
        builder.Property(p => p.Name).HasMaxLength(64);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.HasMany(p => p.Allowances).WithOne().HasForeignKey(a => a.PlanId);
    }
}

internal sealed class PlanAllowanceConfiguration : IEntityTypeConfiguration<PlanAllowance>
{
    public void Configure(EntityTypeBuilder<PlanAllowance> builder)
    {
        builder.ToTable("plan_allowances");
        builder.HasKey(a => new { a.PlanId, a.Meter });
        builder.Property(a => a.Meter).HasMaxLength(32);
    }
}

internal sealed class PlanSubscriptionConfiguration : IEntityTypeConfiguration<PlanSubscription>
{
    public void Configure(EntityTypeBuilder<PlanSubscription> builder)
    {
        builder.ToTable("plan_subscriptions");
        // At most one current subscription per organisation, even when two changes race.
        builder.HasIndex(s => s.AccountId).IsUnique().HasFilter("\"EndedAt\" IS NULL");
        builder.HasIndex(s => new { s.AccountId, s.StartedAt });
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId);
        builder.HasOne<Plan>().WithMany().HasForeignKey(s => s.PlanId);
    }
}

internal sealed class PlanQuotaCounterConfiguration : IEntityTypeConfiguration<PlanQuotaCounter>
{
    public void Configure(EntityTypeBuilder<PlanQuotaCounter> builder)
    {
        builder.ToTable("plan_quota_counters");
        builder.HasKey(c => new { c.AccountId, c.Month });
        builder.Property(c => c.Month).HasMaxLength(7);
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId);
    }
}
