using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelMint.Data.Models;

namespace ModelMint.Data.Marketplace;

/// <summary>
/// How a model is offered to other organisations: whether it is in the catalog, its description and its price.
/// Published names are unique across the platform, so a developer calls a model by its name alone.
/// </summary>
public sealed class ModelListing
{
    public Guid ModelId { get; set; }
    public Guid ProviderAccountId { get; set; }
    public required string ModelName { get; set; }
    public bool Published { get; set; }
    public required string Description { get; set; }
    /// <summary>What is counted: <c>calls</c>, <c>characters</c> or (outcome prices) <c>accepted</c>.</summary>
    public required string Meter { get; set; }
    /// <summary>
    /// <c>per_call</c>, <c>per_unit</c> or <c>per_accepted</c> (charged at call time), or <c>graduated</c>,
    /// <c>volume</c>, <c>package</c> (rated on the monthly invoice over the month's quantity).
    /// </summary>
    public required string PriceType { get; set; }
    public required string Currency { get; set; }
    /// <summary>Price in micro-units (10^-6 of the currency) per call, per <see cref="UnitSize"/> units, or per package.</summary>
    public long UnitPriceMicros { get; set; }
    /// <summary>Units per priced block (<c>per_unit</c>) or per package (<c>package</c>); 1 otherwise.</summary>
    public long UnitSize { get; set; } = 1;
    /// <summary>
    /// <c>graduated</c> and <c>volume</c> only: the tiers as JSON,
    /// <c>[{"upTo":1000,"unitPrice":"0.01","flatFee":"0"},{"upTo":null,"unitPrice":"0.005","flatFee":"0"}]</c>,
    /// prices as decimal strings so they stay exact.
    /// </summary>
    public string? Tiers { get; set; }
    /// <summary>Units of the meter free per customer and month before the price applies; null for none.</summary>
    public long? FreeUnits { get; set; }
    /// <summary><c>per_accepted</c> only: how long after a call its feedback counts.</summary>
    public int? FeedbackWindowHours { get; set; }
    /// <summary><c>per_accepted</c> only: <c>charge</c> or <c>free</c> for calls without feedback.</summary>
    public string? UnresolvedPolicy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The operator's bounds on what providers may charge per meter.</summary>
public sealed class PriceBound
{
    public required string Meter { get; set; }
    public required string Currency { get; set; }
    /// <summary>Bounds in micro-units per single unit of the meter (per call, per character).</summary>
    public decimal MinMicrosPerUnit { get; set; }
    public decimal MaxMicrosPerUnit { get; set; }
}

internal sealed class ModelListingConfiguration : IEntityTypeConfiguration<ModelListing>
{
    public void Configure(EntityTypeBuilder<ModelListing> builder)
    {
        builder.ToTable("model_listings");
        builder.HasKey(l => l.ModelId);
        builder.Property(l => l.ModelName).HasMaxLength(63);
        builder.Property(l => l.Description).HasMaxLength(4000);
        builder.Property(l => l.Meter).HasMaxLength(32);
        builder.Property(l => l.PriceType).HasMaxLength(16);
        builder.Property(l => l.Currency).HasMaxLength(3);
        builder.Property(l => l.UnresolvedPolicy).HasMaxLength(8);
        builder.Property(l => l.Tiers).HasMaxLength(4000);
        builder.HasIndex(l => new { l.ModelName, l.Published });
        builder.HasOne<Model>().WithOne().HasForeignKey<ModelListing>(l => l.ModelId);
    }
}

internal sealed class PriceBoundConfiguration : IEntityTypeConfiguration<PriceBound>
{
    public void Configure(EntityTypeBuilder<PriceBound> builder)
    {
        builder.ToTable("price_bounds");
        builder.HasKey(b => new { b.Meter, b.Currency });
        builder.Property(b => b.Meter).HasMaxLength(32);
        builder.Property(b => b.Currency).HasMaxLength(3);
        builder.Property(b => b.MinMicrosPerUnit).HasConversion<string>();
        builder.Property(b => b.MaxMicrosPerUnit).HasConversion<string>();
    }
}
