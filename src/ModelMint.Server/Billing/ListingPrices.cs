using System.Globalization;
using System.Text.Json;
using ModelMint.Data.Marketplace;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>One tier as stored and as providers write it: prices are decimal strings; <c>upTo</c> null for the last.</summary>
public sealed record TierSpec(long? UpTo, string? UnitPrice, string? FlatFee = null);

/// <summary>A listing's price as the Domain price model that rates it on an invoice.</summary>
public static class ListingPrices
{
    public const string PerCall = "per_call";
    public const string PerUnit = "per_unit";
    public const string PerAccepted = "per_accepted";
    public const string Graduated = "graduated";
    public const string Volume = "volume";
    public const string Package = "package";
    public const string UnresolvedCharge = "charge";
    public const string UnresolvedFree = "free";

    /// <summary>
    /// Prices that depend on the month's quantity (tiers, packages, a free allowance) cannot be known per call: such
    /// calls take nothing from the prepaid balance and are rated on the monthly invoice (postpaid).
    /// </summary>
    public static bool IsInvoiceRated(ModelListing listing) =>
        listing.PriceType is Graduated or Volume or Package || listing.FreeUnits is > 0;

    public static IPriceModel ToPriceModel(ModelListing listing)
    {
        var currency = StoredMoney.CurrencyOf(listing.Currency);
        var price = StoredMoney.FromMicros(listing.UnitPriceMicros, currency);
        IPriceModel model = listing.PriceType switch
        {
            PerCall => new PerCallPrice(price),
            PerUnit => new PerUnitPrice(price, listing.UnitSize, listing.Meter),
            PerAccepted => new OutcomePrice(price, TimeSpan.FromHours(listing.FeedbackWindowHours ?? 24), Unresolved(listing.UnresolvedPolicy)),
            Graduated => new GraduatedPrice(currency, ToTiers(ReadTiers(listing.Tiers))),
            Volume => new VolumePrice(currency, ToTiers(ReadTiers(listing.Tiers))),
            Package => new PackagePrice(price, listing.UnitSize, listing.Meter),
            _ => throw new InvalidOperationException($"Listing of '{listing.ModelName}' has an unknown price type '{listing.PriceType}'."),
        };
        return listing.FreeUnits is > 0 ? new FreeAllowance(listing.FreeUnits.Value, model) : model;
    }

    public static UnresolvedPolicy Unresolved(string? policy) => policy switch
    {
        UnresolvedCharge => UnresolvedPolicy.Charge,
        UnresolvedFree => UnresolvedPolicy.Free,
        _ => throw new InvalidOperationException($"Unknown unresolved policy '{policy}'."),
    };

    /// <summary>Domain tiers from validated specs (prices already checked to parse).</summary>
    public static IReadOnlyList<PriceTier> ToTiers(IReadOnlyList<TierSpec> tiers) =>
        tiers.Select(t => new PriceTier(t.UpTo, Parse(t.UnitPrice), t.FlatFee is null ? 0m : Parse(t.FlatFee))).ToList();

    public static IReadOnlyList<TierSpec> ReadTiers(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<TierSpec>>(json, JsonSerializerOptions.Web) ?? [];

    public static string WriteTiers(IReadOnlyList<TierSpec> tiers) => JsonSerializer.Serialize(tiers, JsonSerializerOptions.Web);

    private static decimal Parse(string? text) => decimal.Parse(text!, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}
