using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Marketplace;
using ModelMint.Data.Models;

namespace ModelMint.Server.Marketplace;

/// <summary>What one call of a model costs the caller: nothing for one's own models, the listing's price otherwise.</summary>
public sealed record CallPrice(string Meter, string Currency, long UnitPriceMicros, long UnitSize)
{
    /// <summary>The charge for the given quantities, rounded to whole micro-units (half away from zero).</summary>
    public long ChargeMicros(IReadOnlyDictionary<string, long> quantities) =>
        (long)decimal.Round((decimal)quantities.GetValueOrDefault(Meter) * UnitPriceMicros / UnitSize, MidpointRounding.AwayFromZero);
}

/// <summary>A model a caller may call, and the price when it belongs to someone else.</summary>
public sealed record CallableModel(Model Model, CallPrice? Price);

/// <summary>Finds the model a name refers to for a caller: its own first, then a published one from the catalog.</summary>
public sealed class ListingService(ModelMintDbContext db)
{
    public async Task<CallableModel?> FindCallableAsync(Guid accountId, string name, CancellationToken cancellationToken)
    {
        var own = await db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.AccountId == accountId && m.Name == name, cancellationToken);
        if (own is not null)
        {
            return new CallableModel(own, null);
        }

        var listed = await db.ModelListings.AsNoTracking()
            .Where(l => l.ModelName == name && l.Published)
            .Join(db.Models, l => l.ModelId, m => m.Id, (l, m) => new { Listing = l, Model = m })
            .SingleOrDefaultAsync(cancellationToken);
        return listed is null
            ? null
            : new CallableModel(listed.Model, new CallPrice(listed.Listing.Meter, listed.Listing.Currency, listed.Listing.UnitPriceMicros, listed.Listing.UnitSize));
    }

    public Task<ModelListing?> FindListingAsync(Guid modelId, CancellationToken cancellationToken) =>
        db.ModelListings.AsNoTracking().SingleOrDefaultAsync(l => l.ModelId == modelId, cancellationToken);
}
