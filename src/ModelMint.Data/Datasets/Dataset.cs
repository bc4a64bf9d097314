using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelMint.Data.Accounts;

namespace ModelMint.Data.Datasets;

/// <summary>An uploaded, validated dataset. Its normalised content lives in a file under the data folder.</summary>
public sealed class Dataset
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string Name { get; set; }
    public required string Format { get; set; }
    public int Rows { get; set; }
    /// <summary>Each row has a set of labels (<c>labels</c> column) rather than exactly one.</summary>
    public bool MultiLabel { get; set; }
    /// <summary>JSON object label → count, sorted by label.</summary>
    public required string LabelCountsJson { get; set; }
    public required string Digest { get; set; }
    public long SizeBytes { get; set; }
    /// <summary>Path of the normalised CSV relative to the data folder.</summary>
    public required string StoragePath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.ToTable("datasets");
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Format).HasMaxLength(16);
        builder.Property(d => d.Digest).HasMaxLength(64);
        builder.Property(d => d.StoragePath).HasMaxLength(500);
        builder.HasIndex(d => d.AccountId);
        builder.HasOne<Account>().WithMany().HasForeignKey(d => d.AccountId);
    }
}
