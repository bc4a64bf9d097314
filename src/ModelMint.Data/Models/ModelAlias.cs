using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Models;

/// <summary>A movable name (<c>production</c>, <c>candidate</c>, …) pointing at one version of a model.</summary>
public sealed class ModelAlias
{
    public Guid ModelId { get; set; }
    public required string Alias { get; set; }
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ModelAliasConfiguration : IEntityTypeConfiguration<ModelAlias>
{
    public void Configure(EntityTypeBuilder<ModelAlias> builder)
    {
        builder.ToTable("model_aliases");
        builder.HasKey(a => new { a.ModelId, a.Alias });
        builder.Property(a => a.Alias).HasMaxLength(63);
        builder.HasOne<Model>().WithMany().HasForeignKey(a => a.ModelId);
    }
}
