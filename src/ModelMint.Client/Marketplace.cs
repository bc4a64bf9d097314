using System.Text.Json.Serialization;

namespace ModelMint.Client;

/// <summary>
/// What a listed model costs its callers: <c>per_call</c> (<see cref="Amount"/> per call) or <c>per_unit</c>
/// (<see cref="Amount"/> per <see cref="UnitSize"/> units of <see cref="Meter"/>, e.g. 0.01 USD per 1,000 characters);
/// or, rated on the monthly invoice: <c>graduated</c> / <c>volume</c> (<see cref="Tiers"/>, no amount), <c>package</c>
/// (<see cref="Amount"/> per started package of <see cref="UnitSize"/> units), and any price with
/// <see cref="FreeUnits"/>. Amounts are exact, with at most six decimals; they travel as decimal strings.
/// </summary>
/// <param name="Type"><c>per_call</c>, <c>per_unit</c>, <c>per_accepted</c>, <c>graduated</c>, <c>volume</c> or <c>package</c> (see <see cref="PriceTypes"/>).</param>
/// <param name="Currency">An ISO 4217 code the server accepts: USD, EUR, CNY, GBP or JPY.</param>
/// <param name="Amount">The price of one call, of <see cref="UnitSize"/> units or of one package; null for tiered prices.</param>
/// <param name="UnitSize">How many units <see cref="Amount"/> buys (per_unit, package); 1 for per_call.</param>
/// <param name="Meter">What is counted: <c>characters</c> for per_unit, <c>calls</c> for per_call.</param>
/// <param name="Tiers">The tiers of a graduated or volume price, the last one unbounded.</param>
/// <param name="FreeUnits">Units free per customer and month before the price applies.</param>
/// <param name="Summary">The price in words, as the server describes it (output only).</param>
public sealed record ListingPrice(
    string Type,
    string Currency,
    [property: JsonConverter(typeof(NullableDecimalStringJsonConverter))] decimal? Amount,
    long? UnitSize = null,
    string? Meter = null,
    IReadOnlyList<ListingTier>? Tiers = null,
    long? FreeUnits = null,
    string? Summary = null)
{
    /// <summary>A price per call.</summary>
    /// <param name="amount">The price of one call, e.g. 0.002.</param>
    /// <param name="currency">The currency code, e.g. <c>USD</c>.</param>
    /// <returns>The price.</returns>
    public static ListingPrice PerCall(decimal amount, string currency) => new(PriceTypes.PerCall, currency, amount);

    /// <summary>A price per block of metered units.</summary>
    /// <param name="amount">The price of <paramref name="unitSize"/> units, e.g. 0.01.</param>
    /// <param name="currency">The currency code, e.g. <c>USD</c>.</param>
    /// <param name="unitSize">How many units the amount buys, e.g. 1000.</param>
    /// <param name="meter">What is counted; <c>characters</c> is the only unit meter today.</param>
    /// <returns>The price.</returns>
    public static ListingPrice PerUnit(decimal amount, string currency, long unitSize, string meter = Meters.Characters) =>
        new(PriceTypes.PerUnit, currency, amount, unitSize, meter);
}

/// <summary>One tier of a graduated or volume price.</summary>
/// <param name="UpTo">The tier's inclusive upper bound in units; null for the last tier.</param>
/// <param name="UnitPrice">The price of one unit in the tier.</param>
/// <param name="FlatFee">A fee charged once when the month's usage reaches the tier.</param>
public sealed record ListingTier(
    long? UpTo,
    [property: JsonConverter(typeof(DecimalStringJsonConverter))] decimal UnitPrice,
    [property: JsonConverter(typeof(DecimalStringJsonConverter))] decimal FlatFee = 0m);

/// <summary>The values of <see cref="ListingPrice.Type"/>.</summary>
public static class PriceTypes
{
    /// <summary>The amount is charged per call.</summary>
    public const string PerCall = "per_call";

    /// <summary>The amount is charged per block of metered units.</summary>
    public const string PerUnit = "per_unit";
}

/// <summary>Describes, prices and publishes (or unpublishes) a model in the catalog. Replaces the whole listing.</summary>
/// <param name="Published">Whether other organisations can find and call the model.</param>
/// <param name="Description">What the model does, for the catalog (at most 4,000 characters); empty when <see langword="null"/>.</param>
/// <param name="Price">What a call costs (required, also when unpublishing).</param>
public sealed record ListingUpdate(bool Published, string? Description, ListingPrice Price);

/// <summary>A model's listing, as its owner sees it.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Provider">The name of the organisation that offers it.</param>
/// <param name="Published">Whether it is in the catalog.</param>
/// <param name="Description">What the model does.</param>
/// <param name="Price">What a call costs.</param>
/// <param name="UpdatedAt">When the listing last changed (UTC).</param>
public sealed record ModelListing(string Model, string Provider, bool Published, string Description, ListingPrice Price, DateTimeOffset UpdatedAt);

/// <summary>A published model as the catalog shows it to every organisation.</summary>
/// <param name="Model">The model name, which callers pass to predict.</param>
/// <param name="Provider">The name of the organisation that offers it.</param>
/// <param name="Description">What the model does.</param>
/// <param name="Price">What a call costs.</param>
/// <param name="ProductionVersion">The version the <c>production</c> alias points at, which answers calls.</param>
/// <param name="Labels">The labels of the production version.</param>
/// <param name="Accuracy">The production version's test accuracy, 0 to 1.</param>
/// <param name="MacroF1">The production version's test macro-F1, 0 to 1.</param>
public sealed record CatalogEntry(
    string Model,
    string Provider,
    string Description,
    ListingPrice Price,
    int? ProductionVersion,
    IReadOnlyList<string> Labels,
    double? Accuracy,
    double? MacroF1);
