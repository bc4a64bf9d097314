using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Gateway;

/// <summary>
/// One proxied call as the margin report needs it: which channel served it, its tokens, what the caller paid and
/// what the upstream costs. Written in the same transaction as the call's usage events, append-only.
/// </summary>
public sealed class GatewayCall
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid KeyId { get; set; }
    /// <summary>The idempotency key of the call's usage events.</summary>
    public required string IdempotencyKey { get; set; }
    public required string ModelName { get; set; }
    public Guid ChannelId { get; set; }
    public required string ChannelName { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    /// <summary><c>completed</c>, or <c>client-disconnected</c> for a stream the client left (billed for what it got).</summary>
    public required string Outcome { get; set; }
    public required string Currency { get; set; }
    /// <summary>What the caller was charged, in micro-units of <see cref="Currency"/> (0 for the operator's own calls).</summary>
    public long RevenueMicros { get; set; }
    public required string CostCurrency { get; set; }
    /// <summary>What the upstream charges for these tokens, in micro-units of <see cref="CostCurrency"/>.</summary>
    public long CostMicros { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

internal sealed class GatewayCallConfiguration : IEntityTypeConfiguration<GatewayCall>
{
    public void Configure(EntityTypeBuilder<GatewayCall> builder)
    {
        builder.ToTable("gateway_calls");
        builder.Property(c => c.IdempotencyKey).HasMaxLength(200);
        builder.Property(c => c.ModelName).HasMaxLength(63);
        builder.Property(c => c.ChannelName).HasMaxLength(100);
        builder.Property(c => c.Outcome).HasMaxLength(32);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Property(c => c.CostCurrency).HasMaxLength(3);
        builder.HasIndex(c => c.OccurredAt);
        builder.HasIndex(c => new { c.AccountId, c.IdempotencyKey }).IsUnique();
    }
}
