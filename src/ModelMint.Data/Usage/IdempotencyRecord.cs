using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Usage;

/// <summary>
/// The first successful response to a request sent with an <c>Idempotency-Key</c>, kept so a retry gets the same
/// answer without being metered again. Written in the same transaction as the request's usage events.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid AccountId { get; set; }
    public required string Key { get; set; }
    /// <summary>SHA-256 of method, path and body: a reused key with a different request is refused.</summary>
    public required string Fingerprint { get; set; }
    public int StatusCode { get; set; }
    public required byte[] Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => new { r.AccountId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(200);
        builder.Property(r => r.Fingerprint).HasMaxLength(64);
        builder.HasIndex(r => r.CreatedAt);
    }
}
