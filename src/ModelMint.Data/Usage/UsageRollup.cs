using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Usage;

/// <summary>
/// Usage pre-aggregated per account, hour, model, key and meter, maintained in the same transaction as the events,
/// so usage reports read a few rows per hour instead of scanning millions of events.
/// </summary>
public sealed class UsageRollup
{
    public Guid AccountId { get; set; }
    /// <summary>Hours since the Unix epoch (UTC) of the bucket's start.</summary>
    public long BucketHour { get; set; }
    public required string ModelName { get; set; }
    public Guid KeyId { get; set; }
    public required string Meter { get; set; }
    public long Quantity { get; set; }
    public long Events { get; set; }
}

internal sealed class UsageRollupConfiguration : IEntityTypeConfiguration<UsageRollup>
{
    public void Configure(EntityTypeBuilder<UsageRollup> builder)
    {
        builder.ToTable("usage_rollups");
        builder.HasKey(r => new { r.AccountId, r.BucketHour, r.ModelName, r.KeyId, r.Meter });
        builder.Property(r => r.ModelName).HasMaxLength(63);
        builder.Property(r => r.Meter).HasMaxLength(32);
    }
}
