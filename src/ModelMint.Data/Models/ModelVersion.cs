using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Models;

/// <summary>
/// An immutable, numbered version of a model. The artifact file is written before this row is inserted, so a
/// visible version always has its file.
/// </summary>
public sealed class ModelVersion
{
    public Guid Id { get; set; }
    public Guid ModelId { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid TrainingJobId { get; set; }
    public required string Trainer { get; set; }
    public double Accuracy { get; set; }
    public double MacroF1 { get; set; }
    /// <summary>JSON array of class labels in score order.</summary>
    public required string LabelsJson { get; set; }
    public required string LineageJson { get; set; }
    public required string MetricsJson { get; set; }
    /// <summary>Path of the model file relative to the data folder.</summary>
    public required string ArtifactPath { get; set; }
}

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> builder)
    {
        builder.ToTable("model_versions");
        builder.Property(v => v.Trainer).HasMaxLength(64);
        builder.Property(v => v.ArtifactPath).HasMaxLength(500);
        builder.HasIndex(v => new { v.ModelId, v.Version }).IsUnique();
        builder.HasOne<Model>().WithMany().HasForeignKey(v => v.ModelId);
    }
}
