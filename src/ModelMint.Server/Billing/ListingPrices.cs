using ModelMint.Data.Marketplace;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>A listing's price as the Domain price model that rates it on an invoice.</summary>
public static class ListingPrices
{
    public const string PerCall = "per_call";
    public const string PerUnit = "per_unit";

    public static IPriceModel ToPriceModel(ModelListing listing)
    {
        var currency = StoredMoney.CurrencyOf(listing.Currency);
        var price = StoredMoney.FromMicros(listing.UnitPriceMicros, currency);
        return listing.PriceType switch
        {
            PerCall => new PerCallPrice(price),
            PerUnit => new PerUnitPrice(price, listing.UnitSize, listing.Meter),
            _ => throw new InvalidOperationException($"Listing of '{listing.ModelName}' has an unknown price type '{listing.PriceType}'."),
        };
    }
}
