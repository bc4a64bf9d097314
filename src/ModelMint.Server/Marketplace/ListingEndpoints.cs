using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Accounts;
using ModelMint.Data.Marketplace;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Billing;
using ModelMint.Server.Caching;
using ModelMint.Server.Hosting;
using ModelMint.Server.Models;
using ModelMint.Server.Problems;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Marketplace;

/// <summary>
/// A price as providers write it: <c>per_call</c> (amount per call), <c>per_unit</c> (amount per <c>unitSize</c>
/// units of <c>meter</c>, e.g. 0.002 USD per 1,000 characters) or <c>per_accepted</c> (amount per prediction the
/// customer accepts within <c>feedbackWindowHours</c>; <c>unresolved</c> says whether silence is charged or free),
/// all charged at call time; or, rated on the monthly invoice over the customer's month: <c>graduated</c> and
/// <c>volume</c> (<c>tiers</c>), <c>package</c> (amount per started package of <c>unitSize</c> units), and any
/// call-time price but <c>per_accepted</c> with <c>freeUnits</c> (free per customer and month). Amounts are decimal
/// strings with at most six decimals (tier unit prices ten), so they are exact. <c>summary</c> is output only: the
/// price in words.
/// </summary>
public sealed record PriceSpec(
    string? Type, string? Currency, string? Amount, long? UnitSize, string? Meter, int? FeedbackWindowHours = null, string? Unresolved = null,
    IReadOnlyList<TierSpec>? Tiers = null, long? FreeUnits = null, string? Summary = null);

public sealed record PutListingRequest(bool? Published, string? Description, PriceSpec? Price);

public sealed record ListingResponse(string Model, string Provider, bool Published, string Description, PriceSpec Price, DateTimeOffset UpdatedAt)
{
    public static ListingResponse From(ModelListing l, string provider) => new(l.ModelName, provider, l.Published, l.Description,
        new PriceSpec(l.PriceType, l.Currency, l.Tiers is null ? StoredMoney.FormatMicros(l.UnitPriceMicros) : null, l.UnitSize, l.Meter, l.FeedbackWindowHours, l.UnresolvedPolicy,
            l.Tiers is null ? null : ListingPrices.ReadTiers(l.Tiers), l.FreeUnits, ListingPrices.ToPriceModel(l).Description), l.UpdatedAt);
}

public sealed record CatalogEntry(string Model, string Provider, string Description, PriceSpec Price, int? ProductionVersion, IReadOnlyList<string> Labels, double? Accuracy, double? MacroF1);

public static class ListingEndpoints
{
    private const int MaxDescription = 4000;

    public static IEndpointRouteBuilder MapListingEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/v1/models").WithTags("Marketplace").RequireAuthorization();
        models.MapPut("/{name}/listing", Put).WithSummary("Describe, price and publish (or unpublish) one of your models in the catalog.");
        models.MapGet("/{name}/listing", Get).WithSummary("Your model's listing.");
        app.MapGroup("/v1/catalog").WithTags("Marketplace").RequireAuthorization()
            .MapGet("/", Catalog).WithSummary("Every published model: provider, description, price and quality of its production version.");
        return app;
    }

    public static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> Put(
        string name, PutListingRequest request, HttpContext context, ModelMintDbContext db, ModelRegistry registry, TimeProvider time, ICacheInvalidation invalidation, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var model = await registry.FindModelAsync(accountId, name, cancellationToken);
        if (model is null)
        {
            return ModelEndpoints.ModelNotFound(name);
        }

        var description = request.Description?.Trim() ?? string.Empty;
        if (description.Length > MaxDescription)
        {
            return ApiProblems.Validation("invalid-description", $"The description has {description.Length} characters; at most {MaxDescription} are allowed.", "description");
        }

        var (price, priceError) = ReadPrice(request.Price);
        if (priceError is not null)
        {
            return priceError;
        }

        // An accepted prediction is a call: the operator's per-call bounds apply to it.
        var boundMeter = price!.Meter == Meters.Accepted ? Meters.Calls : price.Meter;
        var bound = await db.PriceBounds.AsNoTracking().SingleOrDefaultAsync(b => b.Meter == boundMeter && b.Currency == price.Currency, cancellationToken);
        // Every unit price the model can charge (each tier's, a package's per unit) must be inside the bounds.
        var outside = bound is null ? null : ListingPrices.ToPriceModel(price.ToListing()).UnitPrices
            .Select(p => new { p.Label, Micros = p.PricePerUnit * 1_000_000 })
            .FirstOrDefault(p => p.Micros < bound.MinMicrosPerUnit || p.Micros > bound.MaxMicrosPerUnit);
        if (outside is { } point)
        {
            return ApiProblems.Unprocessable("price-out-of-bounds",
                $"The operator allows {Format(bound!.MinMicrosPerUnit)} to {Format(bound.MaxMicrosPerUnit)} {bound.Currency} per {Singular(bound.Meter)}; this price is {Format(point.Micros)} ({point.Label}). Choose a price within those bounds.");
        }

        var published = request.Published ?? false;
        if (published && await db.ModelListings.AnyAsync(l => l.ModelName == name && l.Published && l.ModelId != model.Id, cancellationToken))
        {
            return ApiProblems.Conflict("model-name-taken", $"Another provider has already published a model named '{name}'. Published names are unique; publish this model under another name.");
        }

        var listing = await db.ModelListings.SingleOrDefaultAsync(l => l.ModelId == model.Id, cancellationToken);
        if (listing is null)
        {
            listing = new ModelListing { ModelId = model.Id, ProviderAccountId = accountId, ModelName = model.Name, Description = description, Meter = price.Meter, PriceType = price.Type, Currency = price.Currency };
            db.ModelListings.Add(listing);
        }

        listing.Published = published;
        listing.Description = description;
        listing.Meter = price.Meter;
        listing.PriceType = price.Type;
        listing.Currency = price.Currency;
        listing.UnitPriceMicros = price.UnitPriceMicros;
        listing.UnitSize = price.UnitSize;
        listing.FeedbackWindowHours = price.FeedbackWindowHours;
        listing.UnresolvedPolicy = price.Unresolved;
        listing.Tiers = price.Tiers is null ? null : ListingPrices.WriteTiers(price.Tiers);
        listing.FreeUnits = price.FreeUnits;
        listing.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        invalidation.ModelNameChanged(listing.ModelName);
        var response = ListingResponse.From(listing, await ProviderNameAsync(db, accountId, cancellationToken));
        await audit.RecordAsync(context, AuditActions.ListingUpdated, $"model:{listing.ModelName}",
            new { listing.Published, price = response.Price.Summary }, cancellationToken: cancellationToken);
        return TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> Get(string name, HttpContext context, ModelMintDbContext db, ModelRegistry registry, CancellationToken cancellationToken)
    {
        var accountId = context.User.AccountId();
        var model = await registry.FindModelAsync(accountId, name, cancellationToken);
        var listing = model is null ? null : await db.ModelListings.AsNoTracking().SingleOrDefaultAsync(l => l.ModelId == model.Id, cancellationToken);
        if (listing is null)
        {
            return model is null
                ? ModelEndpoints.ModelNotFound(name)
                : ApiProblems.NotFound("listing-not-found", $"Model '{name}' has no listing yet. Create one with PUT /v1/models/{name}/listing.");
        }

        return TypedResults.Ok(ListingResponse.From(listing, await ProviderNameAsync(db, accountId, cancellationToken)));
    }

    public static async Task<Ok<ItemList<CatalogEntry>>> Catalog(ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var listings = await db.ModelListings.AsNoTracking().Where(l => l.Published).OrderBy(l => l.ModelName)
            .Join(db.Accounts, l => l.ProviderAccountId, a => a.Id, (l, a) => new { Listing = l, Provider = a.Name })
            .ToListAsync(cancellationToken);
        var modelIds = listings.Select(l => l.Listing.ModelId).ToList();
        var production = await db.ModelAliases.AsNoTracking().Where(a => modelIds.Contains(a.ModelId) && a.Alias == ModelRegistry.DefaultAlias)
            .Join(db.ModelVersions, a => new { a.ModelId, a.Version }, v => new { v.ModelId, v.Version }, (a, v) => v)
            .ToDictionaryAsync(v => v.ModelId, cancellationToken);
        var entries = listings.Select(l =>
        {
            var version = production.GetValueOrDefault(l.Listing.ModelId);
            var listing = ListingResponse.From(l.Listing, l.Provider);
            return new CatalogEntry(listing.Model, listing.Provider, listing.Description, listing.Price, version?.Version,
                version is null ? [] : ModelRegistry.ReadLabels(version), version?.Accuracy, version?.MacroF1);
        }).ToList();
        return TypedResults.Ok(new ItemList<CatalogEntry>(entries));
    }

    private sealed record ParsedPrice(
        string Type, string Currency, string Meter, long UnitPriceMicros, long UnitSize, int? FeedbackWindowHours = null, string? Unresolved = null,
        IReadOnlyList<TierSpec>? Tiers = null, long? FreeUnits = null)
    {
        /// <summary>An unsaved listing with this price, for the Domain model it makes.</summary>
        public ModelListing ToListing() => new()
        {
            ModelName = "price",
            Description = string.Empty,
            Meter = Meter,
            PriceType = Type,
            Currency = Currency,
            UnitPriceMicros = UnitPriceMicros,
            UnitSize = UnitSize,
            FeedbackWindowHours = FeedbackWindowHours,
            UnresolvedPolicy = Unresolved,
            Tiers = Tiers is null ? null : ListingPrices.WriteTiers(Tiers),
            FreeUnits = FreeUnits,
        };
    }

    private const int DefaultFeedbackWindowHours = 24;
    private const int MaxFeedbackWindowHours = 720;
    private const int MaxTiers = 20;
    private const long MaxFreeUnits = 1_000_000_000_000;
    private const long MaxPackageSize = 1_000_000_000;

    private static (ParsedPrice? Price, ProblemHttpResult? Error) ReadPrice(PriceSpec? spec)
    {
        if (spec is null)
        {
            return (null, ApiProblems.Validation("price-required", "Give a price, e.g. {\"type\":\"per_call\",\"currency\":\"USD\",\"amount\":\"0.002\"} or {\"type\":\"per_unit\",\"meter\":\"characters\",\"unitSize\":1000,\"currency\":\"USD\",\"amount\":\"0.01\"}.", "price"));
        }

        if (spec.Currency is null || !StoredMoney.AcceptedCurrencies.Contains(spec.Currency))
        {
            return (null, ApiProblems.Validation("invalid-currency", $"'currency' must be one of {string.Join(", ", StoredMoney.AcceptedCurrencies)}.", "price.currency"));
        }

        if (spec.FreeUnits is < 0 or > MaxFreeUnits || (spec.FreeUnits is not null && spec.Type == ListingPrices.PerAccepted))
        {
            return (null, ApiProblems.Validation("invalid-free-units", $"'freeUnits' (units free per customer and month) must be from 0 to {MaxFreeUnits}; per_accepted prices take none.", "price.freeUnits"));
        }

        var freeUnits = spec.FreeUnits is > 0 ? spec.FreeUnits : null;
        if (spec.Type is ListingPrices.Graduated or ListingPrices.Volume)
        {
            return ReadTiered(spec, freeUnits);
        }

        if (!StoredMoney.TryParseExact(spec.Amount, 6, out var amount) || amount > 1_000_000)
        {
            return (null, ApiProblems.Validation("invalid-amount", "'amount' must be a decimal string from 0 to 1000000 with at most six decimals, e.g. \"0.002\".", "price.amount"));
        }

        var micros = (long)(amount * 1_000_000);
        return spec.Type switch
        {
            "per_call" when spec.UnitSize is null or 1 && spec.Meter is null or Meters.Calls => (new ParsedPrice("per_call", spec.Currency, Meters.Calls, micros, 1, FreeUnits: freeUnits), null),
            "per_call" => (null, ApiProblems.Validation("invalid-price", "A per_call price counts calls: leave out 'meter' and 'unitSize'.", "price")),
            "per_unit" when spec.Meter is Meters.Characters && spec.UnitSize is >= 1 and <= 1_000_000 => (new ParsedPrice("per_unit", spec.Currency, Meters.Characters, micros, spec.UnitSize.Value, FreeUnits: freeUnits), null),
            "per_unit" => (null, ApiProblems.Validation("invalid-price", "A per_unit price needs 'meter': \"characters\" and 'unitSize' from 1 to 1000000 (e.g. 1000 for a price per thousand characters).", "price")),
            "package" when spec.Meter is null or Meters.Calls or Meters.Characters && spec.UnitSize is >= 1 and <= MaxPackageSize => (new ParsedPrice("package", spec.Currency, spec.Meter ?? Meters.Calls, micros, spec.UnitSize.Value, FreeUnits: freeUnits), null),
            "package" => (null, ApiProblems.Validation("invalid-price", $"A package price needs 'unitSize' (units per package, 1 to {MaxPackageSize}) and 'meter' \"calls\" (the default) or \"characters\"; 'amount' is the price of one package.", "price")),
            "per_accepted" when spec.UnitSize is not (null or 1) || spec.Meter is not (null or Meters.Accepted) => (null, ApiProblems.Validation("invalid-price", "A per_accepted price counts accepted predictions: leave out 'meter' and 'unitSize'.", "price")),
            "per_accepted" when spec.FeedbackWindowHours is < 1 or > MaxFeedbackWindowHours => (null, ApiProblems.Validation("invalid-feedback-window", $"'feedbackWindowHours' must be from 1 to {MaxFeedbackWindowHours} (default {DefaultFeedbackWindowHours}).", "price.feedbackWindowHours")),
            "per_accepted" when spec.Unresolved is not (ListingPrices.UnresolvedCharge or ListingPrices.UnresolvedFree) => (null, ApiProblems.Validation("invalid-unresolved-policy", "'unresolved' must be \"charge\" (calls without feedback are charged when the window closes) or \"free\".", "price.unresolved")),
            "per_accepted" => (new ParsedPrice("per_accepted", spec.Currency, Meters.Accepted, micros, 1, spec.FeedbackWindowHours ?? DefaultFeedbackWindowHours, spec.Unresolved), null),
            _ => (null, ApiProblems.Validation("invalid-price-type", "'type' must be \"per_call\", \"per_unit\", \"per_accepted\", \"graduated\", \"volume\" or \"package\". Subscription prices are plans (GET /v1/plans).", "price.type")),
        };
    }

    /// <summary>Graduated or volume tiers on calls (the default) or characters; the Domain checks their order.</summary>
    private static (ParsedPrice? Price, ProblemHttpResult? Error) ReadTiered(PriceSpec spec, long? freeUnits)
    {
        const string example = "e.g. [{\"upTo\":1000,\"unitPrice\":\"0.01\"},{\"upTo\":null,\"unitPrice\":\"0.005\",\"flatFee\":\"0\"}]";
        if (spec.Meter is not (null or Meters.Calls or Meters.Characters) || spec.UnitSize is not (null or 1) || spec.Amount is not null)
        {
            return (null, ApiProblems.Validation("invalid-price", $"A {spec.Type} price is priced by its 'tiers' per single unit of 'meter' (\"calls\", the default, or \"characters\"): leave out 'amount' and 'unitSize'.", "price"));
        }

        if (spec.Tiers is not { Count: >= 1 and <= MaxTiers } tiers
            || tiers.Any(t => t is null || t.UpTo is < 1 || !StoredMoney.TryParseExact(t.UnitPrice, 10, out var p) || p > 1_000_000
                || (t.FlatFee is not null && (!StoredMoney.TryParseExact(t.FlatFee, 6, out var f) || f > 1_000_000))))
        {
            return (null, ApiProblems.Validation("invalid-tiers", $"'tiers' needs 1 to {MaxTiers} tiers, each with 'upTo' (a whole number of units, at least 1; null for the last), 'unitPrice' (a decimal string with at most ten decimals) and optionally 'flatFee' (at most six decimals): {example}.", "price.tiers"));
        }

        try
        {
            _ = new Domain.Billing.GraduatedPrice(StoredMoney.CurrencyOf(spec.Currency!), ListingPrices.ToTiers(tiers));
        }
        catch (ArgumentException e)
        {
            return (null, ApiProblems.Validation("invalid-tiers", $"{e.Message.Split(" (Parameter", 2)[0]} Write the tiers in increasing order, the last one unbounded: {example}.", "price.tiers"));
        }

        var normalized = tiers.Select(t => new TierSpec(t.UpTo, Normalize(t.UnitPrice!), Normalize(t.FlatFee ?? "0"))).ToList();
        return (new ParsedPrice(spec.Type!, spec.Currency!, spec.Meter ?? Meters.Calls, 0, 1, Tiers: normalized, FreeUnits: freeUnits), null);
    }

    private static string Normalize(string price) =>
        decimal.Parse(price, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture).ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Format(decimal micros) => (micros / 1_000_000m).ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Singular(string meter) => meter == Meters.Calls ? "call" : "character";


    private static async Task<string> ProviderNameAsync(ModelMintDbContext db, Guid accountId, CancellationToken cancellationToken) =>
        await db.Accounts.Where(a => a.Id == accountId).Select(a => a.Name).SingleAsync(cancellationToken);
}
