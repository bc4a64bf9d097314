using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Models;

/// <summary>
/// How a model's unpinned predictions are routed besides its <c>production</c> alias: a canary version (a number or an
/// alias) that serves <see cref="CanaryPercent"/> of them, and a shadow version that also classifies them, unseen and
/// unbilled, to be compared with what was served. No row: everything goes to <c>production</c>.
/// </summary>
public sealed class ModelRoute
{
    public Guid ModelId { get; set; }
    public string? CanaryVersion { get; set; }
    public int CanaryPercent { get; set; }
    public string? ShadowVersion { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// How often a shadow version's top label was <see cref="ShadowLabel"/> when the served version answered
/// <see cref="ServedLabel"/>: a confusion matrix between two versions, counted in texts.
/// </summary>
public sealed class ShadowComparison
{
    public Guid ModelId { get; set; }
    public int ServedVersion { get; set; }
    public int ShadowVersion { get; set; }
    public required string ServedLabel { get; set; }
    public required string ShadowLabel { get; set; }
    public long Texts { get; set; }
}

internal sealed class ModelRouteConfiguration : IEntityTypeConfiguration<ModelRoute>
{
    public void Configure(EntityTypeBuilder<ModelRoute> builder)
    {
        builder.ToTable("model_routes");
        builder.HasKey(r => r.ModelId);
        builder.Property(r => r.CanaryVersion).HasMaxLength(63);
        builder.Property(r => r.ShadowVersion).HasMaxLength(63);
        builder.HasOne<Model>().WithOne().HasForeignKey<ModelRoute>(r => r.ModelId);
    }
}

internal sealed class ShadowComparisonConfiguration : IEntityTypeConfiguration<ShadowComparison>
{
    public void Configure(EntityTypeBuilder<ShadowComparison> builder)
    {
        builder.ToTable("shadow_comparisons");
        builder.HasKey(c => new { c.ModelId, c.ServedVersion, c.ShadowVersion, c.ServedLabel, c.ShadowLabel });
        builder.HasOne<Model>().WithMany().HasForeignKey(c => c.ModelId);
    }
}
