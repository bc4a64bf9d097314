using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelMint.Data.Accounts;

namespace ModelMint.Data.Gateway;

/// <summary>
/// A large model the gateway sells under its own name, priced per million input and output tokens. The operator's
/// organisation is its provider: its earnings and statements carry the revenue.
/// </summary>
public sealed class GatewayModel
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary><c>chat</c> or <c>embeddings</c>.</summary>
    public required string Kind { get; set; }
    public Guid ProviderAccountId { get; set; }
    public bool Published { get; set; }
    public required string Currency { get; set; }
    /// <summary>Price in micro-units per million input (prompt) tokens.</summary>
    public long InputPriceMicrosPerMillion { get; set; }
    /// <summary>Price in micro-units per million output (completion) tokens.</summary>
    public long OutputPriceMicrosPerMillion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class GatewayModelConfiguration : IEntityTypeConfiguration<GatewayModel>
{
    public void Configure(EntityTypeBuilder<GatewayModel> builder)
    {
        builder.ToTable("gateway_models");
        builder.Property(m => m.Name).HasMaxLength(63);
        builder.Property(m => m.Kind).HasMaxLength(16);
        builder.Property(m => m.Currency).HasMaxLength(3);
        builder.HasIndex(m => m.Name).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.ProviderAccountId);
    }
}
