using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Marketplace;
using ModelMint.Data.Models;
using ModelMint.Domain.Billing;
using ModelMint.Server.Billing;
using ModelMint.Server.Caching;

namespace ModelMint.Server.Marketplace;

/// <summary>An outcome price's window and what silence means (<c>charge</c> or <c>free</c>), as listed at call time.</summary>
public sealed record OutcomeTerms(TimeSpan FeedbackWindow, string Unresolved);

/// <summary>
/// What one call of a model costs the caller: nothing for one's own models, the listing's price otherwise. An
/// outcome price (<see cref="Outcome"/> set) costs its unit price per text, held until the customer's feedback. An
/// <see cref="InvoiceRated"/> price (tiers, packages, a free allowance: it depends on the month's quantity) costs
/// nothing at call time; its events carry the currency and the monthly invoice rates them with
/// <see cref="MonthlyPrice"/>, which the group commit also uses to count what each call adds to the month's spend
/// (<see cref="MonthlyRatedSpend"/>).
/// </summary>
public sealed record CallPrice(string Meter, string Currency, long UnitPriceMicros, long UnitSize, OutcomeTerms? Outcome = null, IPriceModel? MonthlyPrice = null)
{
    public bool InvoiceRated => MonthlyPrice is not null;

    /// <summary>The charge for the given quantities, rounded to whole micro-units (half away from zero); 0 when invoice-rated.</summary>
    public long ChargeMicros(IReadOnlyDictionary<string, long> quantities) => InvoiceRated ? 0 :
        (long)decimal.Round((decimal)quantities.GetValueOrDefault(Outcome is null ? Meter : Usage.Meters.Calls) * UnitPriceMicros / UnitSize, MidpointRounding.AwayFromZero);
}

/// <summary>A model a caller may call, and the price when it belongs to someone else.</summary>
public sealed record CallableModel(Model Model, CallPrice? Price);

/// <summary>Finds the model a name refers to for a caller: its own first, then a published one from the catalog.</summary>
public sealed class ListingService(ModelMintDbContext db, HotPathCache cache)
{
    /// <summary>
    /// The model a name refers to for a caller, from the hot-path cache when it is there; a listing change, a first
    /// version or an unpublish invalidates it (<see cref="ICacheInvalidation.ModelNameChanged"/>).
    /// </summary>
    public async Task<CallableModel?> FindCallableAsync(Guid accountId, string name, CancellationToken cancellationToken)
    {
        if (cache.Callables.TryGet((accountId, name), out var cached))
        {
            return cached;
        }

        var generation = cache.Callables.Generation;
        var found = await LoadCallableAsync(accountId, name, cancellationToken);
        if (found is not null)
        {
            cache.Callables.Set((accountId, name), found, generation);
        }

        return found;
    }

    private async Task<CallableModel?> LoadCallableAsync(Guid accountId, string name, CancellationToken cancellationToken)
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
            : new CallableModel(listed.Model, new CallPrice(listed.Listing.Meter, listed.Listing.Currency, listed.Listing.UnitPriceMicros, listed.Listing.UnitSize,
                listed.Listing.PriceType == ListingPrices.PerAccepted
                    ? new OutcomeTerms(TimeSpan.FromHours(listed.Listing.FeedbackWindowHours ?? 24), listed.Listing.UnresolvedPolicy ?? ListingPrices.UnresolvedCharge)
                    : null,
                ListingPrices.IsInvoiceRated(listed.Listing) ? ListingPrices.ToPriceModel(listed.Listing) : null));
    }

    public Task<ModelListing?> FindListingAsync(Guid modelId, CancellationToken cancellationToken) =>
        db.ModelListings.AsNoTracking().SingleOrDefaultAsync(l => l.ModelId == modelId, cancellationToken);
}
