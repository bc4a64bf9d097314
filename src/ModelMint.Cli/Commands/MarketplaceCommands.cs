using System.ComponentModel;
using System.Globalization;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli.Commands;

/// <summary><c>mint catalog</c>: every published model, its provider, price and quality.</summary>
internal sealed class CatalogCommand(MintRuntime runtime) : MintCommand<MintSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, MintSettings settings, CancellationToken cancellationToken)
    {
        var entries = await client.ListCatalogAsync(cancellationToken);
        if (entries.Count == 0)
        {
            Console.MarkupLine("The catalog is empty. Publish a model with [bold]mint models publish NAME --price 0.002 --currency USD[/].");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("model").AddColumn("provider").AddColumn("price")
            .AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("macro-F1").RightAligned())
            .AddColumn(new TableColumn("labels").RightAligned()).AddColumn("description");
        foreach (var entry in entries)
        {
            table.AddRow(
                $"[bold]{Markup.Escape(entry.Model)}[/]" + (entry.ProductionVersion is { } v ? $" [grey]v{v}[/]" : string.Empty),
                Markup.Escape(entry.Provider),
                Markup.Escape(Views.Price(entry.Price)),
                Views.Score(entry.Accuracy),
                Views.Score(entry.MacroF1),
                entry.Labels.Count.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(Views.Shorten(entry.Description, 60)));
        }

        Console.Write(table);
        Console.MarkupLine("[grey]Call one with mint predict MODEL \"text\"; calls to other organisations' models are paid from mint balance.[/]");
        return ExitCodes.Success;
    }
}

internal sealed class PublishModelSettings : MintSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("One of your models")]
    public string Name { get; set; } = string.Empty;

    [CommandOption("--price <AMOUNT>")]
    [Description("Price per call, or per --per-unit characters (a decimal, at most six places, e.g. 0.002). Default: the listing's current price")]
    public string? Price { get; set; }

    [CommandOption("--currency <CODE>")]
    [Description("USD, EUR, CNY, GBP or JPY. Default: USD, or the listing's current currency")]
    public string? Currency { get; set; }

    [CommandOption("--per-unit <N>")]
    [Description("Charge --price per N characters instead of per call, e.g. 1000")]
    public long? PerUnit { get; set; }

    [CommandOption("--description <TEXT>")]
    [Description("What the model does, for the catalog. Default: the listing's current description")]
    public string? Description { get; set; }

    [CommandOption("--unpublish")]
    [Description("Take the model out of the catalog (the listing and its price are kept)")]
    public bool Unpublish { get; set; }

    public decimal? Amount =>
        decimal.TryParse(Price, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) ? amount : null;

    public override ValidationResult Validate()
    {
        if (Price is not null && Amount is null)
        {
            return ValidationResult.Error($"--price '{Price}' is not an amount; give a decimal such as 0.002.");
        }

        if (PerUnit is < 1)
        {
            return ValidationResult.Error("--per-unit must be at least 1 (e.g. 1000 for a price per thousand characters).");
        }

        return Price is null && (PerUnit is not null || Currency is not null)
            ? ValidationResult.Error("--per-unit and --currency go with --price.")
            : ValidationResult.Success();
    }
}

/// <summary>
/// <c>mint models publish NAME [--price AMOUNT] [--currency CODE] [--per-unit N] [--description TEXT] [--unpublish]</c>.
/// The API replaces the whole listing, so what is not given is carried over from the current one.
/// </summary>
internal sealed class PublishModelCommand(MintRuntime runtime) : MintCommand<PublishModelSettings>(runtime)
{
    private const string DefaultCurrency = "USD";

    protected override async Task<int> RunAsync(ModelMintClient client, PublishModelSettings settings, CancellationToken cancellationToken)
    {
        var current = settings.Amount is null || settings.Description is null
            ? await CurrentListingAsync(client, settings.Name, cancellationToken)
            : null;
        var price = settings.Amount is { } amount
            ? settings.PerUnit is { } unitSize
                ? ListingPrice.PerUnit(amount, Currency(settings), unitSize)
                : ListingPrice.PerCall(amount, Currency(settings))
            : current?.Price;
        if (price is null)
        {
            Errors.Usage($"model '{settings.Name}' has no listing yet, so it needs a price: --price 0.002 [--currency USD] [--per-unit 1000].");
            return ExitCodes.Usage;
        }

        var listing = await client.SetListingAsync(
            settings.Name,
            new ListingUpdate(!settings.Unpublish, settings.Description ?? current?.Description, price),
            cancellationToken);
        Console.MarkupLine(listing.Published
            ? $"[green]Published[/] [bold]{Markup.Escape(listing.Model)}[/] at {Markup.Escape(Views.Price(listing.Price))}."
            : $"[yellow]Unpublished[/] [bold]{Markup.Escape(listing.Model)}[/]; it is no longer in the catalog.");
        Console.Write(Views.Fields(
            ("model", Markup.Escape(listing.Model)),
            ("provider", Markup.Escape(listing.Provider)),
            ("published", listing.Published ? "[green]yes[/]" : "no"),
            ("price", Markup.Escape(Views.Price(listing.Price))),
            ("description", listing.Description.Length == 0 ? "-" : Markup.Escape(listing.Description)),
            ("updated", Views.Time(listing.UpdatedAt))));
        return ExitCodes.Success;
    }

    private static string Currency(PublishModelSettings settings) =>
        string.IsNullOrWhiteSpace(settings.Currency) ? DefaultCurrency : settings.Currency.Trim().ToUpperInvariant();

    private static async Task<ModelListing?> CurrentListingAsync(ModelMintClient client, string model, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetListingAsync(model, cancellationToken);
        }
        catch (ModelMintApiException ex) when (ex.Code == "listing-not-found")
        {
            return null;
        }
    }
}
