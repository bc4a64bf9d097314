using ModelMint.Data.Marketplace;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>A listing's price as the Domain price model that rates it on an invoice.</summary>
public static class ListingPrices
{
    public const string PerCall = "per_call";
    public const string PerUnit = "per_unit";
    public const string PerAccepted = "per_accepted";
    public const string UnresolvedCharge = "charge";
    public const string UnresolvedFree = "free";

    public static IPriceModel ToPriceModel(ModelListing listing)
    {
        var currency = StoredMoney.CurrencyOf(listing.Currency);
        var price = StoredMoney.FromMicros(listing.UnitPriceMicros, currency);
        return listing.PriceType switch
        {
            PerCall => new PerCallPrice(price),
            PerUnit => new PerUnitPrice(price, listing.UnitSize, listing.Meter),
            PerAccepted => new OutcomePrice(price, TimeSpan.FromHours(listing.FeedbackWindowHours ?? 24), Unresolved(listing.UnresolvedPolicy)),
            _ => throw new InvalidOperationException($"Listing of '{listing.ModelName}' has an unknown price type '{listing.PriceType}'."),
        };
    }

    public static UnresolvedPolicy Unresolved(string? policy) => policy switch
    {
        UnresolvedCharge => UnresolvedPolicy.Charge,
        UnresolvedFree => UnresolvedPolicy.Free,
        _ => throw new InvalidOperationException($"Unknown unresolved policy '{policy}'."),
    };
}
