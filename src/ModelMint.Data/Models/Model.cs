using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelMint.Data.Accounts;

namespace ModelMint.Data.Models;

/// <summary>A named model of one account; its versions and aliases hang off it.</summary>
public sealed class Model
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> builder)
    {
        builder.ToTable("models");
        builder.Property(m => m.Name).HasMaxLength(63);
        builder.HasIndex(m => new { m.AccountId, m.Name }).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId);
    }
}
