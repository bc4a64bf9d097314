using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Gateway;

/// <summary>
/// An upstream OpenAI-compatible provider the gateway resells: where it is, its API key (protected at rest, never
/// returned), the models it serves, how it is chosen (priority, then weight) and what its tokens cost the platform.
/// </summary>
public sealed class GatewayChannel
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Base URL up to and including the API version, e.g. <c>https://api.example.com/v1</c>.</summary>
    public required string BaseUrl { get; set; }
    /// <summary>The upstream API key, protected by ASP.NET Core Data Protection.</summary>
    public required string ProtectedApiKey { get; set; }
    /// <summary>JSON array of <c>{"name","upstream"}</c>: a gateway model name and the upstream's name for it.</summary>
    public required string ModelsJson { get; set; }
    /// <summary>Higher is tried first; channels of equal priority share the traffic by <see cref="Weight"/>.</summary>
    public int Priority { get; set; }
    public int Weight { get; set; } = 1;
    /// <summary>Switched by the operator. A channel disabled by the operator is never re-tested.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Set when the gateway disabled the channel after repeated failures; cleared when a re-test succeeds.</summary>
    public DateTimeOffset? AutoDisabledAt { get; set; }
    public string? LastError { get; set; }
    public required string CostCurrency { get; set; }
    /// <summary>What the upstream charges the platform, in micro-units per million input tokens.</summary>
    public long InputCostMicrosPerMillion { get; set; }
    /// <summary>What the upstream charges the platform, in micro-units per million output tokens.</summary>
    public long OutputCostMicrosPerMillion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class GatewayChannelConfiguration : IEntityTypeConfiguration<GatewayChannel>
{
    public void Configure(EntityTypeBuilder<GatewayChannel> builder)
    {
        builder.ToTable("gateway_channels");
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.BaseUrl).HasMaxLength(2000);
        builder.Property(c => c.ProtectedApiKey).HasMaxLength(2000);
        builder.Property(c => c.ModelsJson).HasMaxLength(20_000);
        builder.Property(c => c.LastError).HasMaxLength(1000);
        builder.Property(c => c.CostCurrency).HasMaxLength(3);
        builder.HasIndex(c => c.Name).IsUnique();
    }
}
