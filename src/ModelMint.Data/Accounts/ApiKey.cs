using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Accounts;

/// <summary>An API key. Only the SHA-256 of the secret is stored; <see cref="Prefix"/> lets people recognise it.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>The user a sign-in session belongs to; null for keys created for programs.</summary>
    public Guid? UserId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>JSON array of model names this key may call; null = every model the account may call.</summary>
    public string? AllowedModelsJson { get; set; }
    /// <summary>JSON array of CIDR ranges requests must come from; null = anywhere.</summary>
    public string? AllowedCidrsJson { get; set; }
    /// <summary>Requests per minute for this key; null = the default from configuration.</summary>
    public int? RequestsPerMinute { get; set; }
    /// <summary>Metered units (e.g. characters) per minute for this key; null = the default from configuration.</summary>
    public long? UnitsPerMinute { get; set; }
    /// <summary>The key's own limit of LLM gateway tokens (estimated prompt + max_tokens) per minute; null for the gateway's default.</summary>
    public long? TokensPerMinute { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.Property(k => k.Name).HasMaxLength(200);
        builder.Property(k => k.Prefix).HasMaxLength(32);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => k.AccountId);
        builder.HasOne<Account>().WithMany().HasForeignKey(k => k.AccountId);
    }
}
