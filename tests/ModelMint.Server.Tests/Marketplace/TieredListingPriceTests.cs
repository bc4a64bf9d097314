using System.Net;
using System.Text.Json.Nodes;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Marketplace;

/// <summary>
/// Graduated, volume, package and free-allowance listing prices: set by a provider within the operator's bounds,
/// shown in the catalog, taken from no wallet at call time, and rated on the monthly invoice over the customer's
/// month of calls. June 2026; tiers up to 10 calls at 0.01, up to 100 at 0.008, above at 0.005.
/// </summary>
public sealed class TieredListingPriceTests(TieredListingPriceTests.Factory factory) : IClassFixture<TieredListingPriceTests.Factory>
{
    public sealed class Factory() : BillingFactory(At("2026-06-01T00:00:00Z"));

    private static readonly object[] Tiers =
    [
        new { upTo = 10, unitPrice = "0.01" },
        new { upTo = 100, unitPrice = "0.008" },
        new { upTo = (int?)null, unitPrice = "0.005" },
    ];

    private static async Task CallAsync(HttpClient client, string model, int n)
    {
        for (var i = 0; i < n; i++)
        {
            await BillingFactory.PredictAsync(client, model, new { text = $"a great film, take {i}" });
        }
    }

    [Fact]
    public async Task TieredPackageAndFreeAllowancePrices_AreRatedOnTheMonthsQuantity_ToTheCent()
    {
        var (provider, _) = await factory.ProviderWithModelAsync("p-grad");
        var dataset = (string)(await provider.GetJsonAsync("/v1/datasets"))["items"]!.AsArray()[0]!["id"]!;
        foreach (var name in new[] { "p-vol", "p-pack", "p-free" })
        {
            Assert.Equal("succeeded", (string?)(await provider.TrainAsync(new { datasetId = dataset, modelName = name }))["status"]);
        }

        await BillingFactory.PublishAsync(provider, "p-grad", new { type = "graduated", currency = "USD", tiers = Tiers });
        await BillingFactory.PublishAsync(provider, "p-vol", new { type = "volume", currency = "USD", tiers = Tiers });
        await BillingFactory.PublishAsync(provider, "p-pack", new { type = "package", currency = "USD", unitSize = 5, amount = "0.03" });
        await BillingFactory.PublishAsync(provider, "p-free", new { type = "per_call", currency = "USD", amount = "0.01", freeUnits = 10 });

        var catalog = (await provider.GetJsonAsync("/v1/catalog"))["items"]!.AsArray();
        var graduated = catalog.Single(e => (string?)e!["model"] == "p-grad")!["price"]!;
        Assert.Equal("graduated", (string?)graduated["type"]);
        Assert.Equal(["0.01", "0.008", "0.005"], graduated["tiers"]!.AsArray().Select(t => (string)t!["unitPrice"]!));
        Assert.Null(graduated["tiers"]![2]!["upTo"]);
        Assert.StartsWith("graduated: ", (string?)graduated["summary"], StringComparison.Ordinal);
        Assert.Equal(10, (long)catalog.Single(e => (string?)e!["model"] == "p-free")!["price"]!["freeUnits"]!);
        Assert.StartsWith("first 10 free, then ", (string?)catalog.Single(e => (string?)e!["model"] == "p-free")!["price"]!["summary"], StringComparison.Ordinal);

        // Postpaid: no prepaid balance is needed, none is taken.
        var (twelve, _) = await factory.OrganisationAsync("developer");
        var (ten, _) = await factory.OrganisationAsync("developer");
        foreach (var model in new[] { "p-grad", "p-vol", "p-pack", "p-free" })
        {
            await CallAsync(twelve, model, 12);
            await CallAsync(ten, model, 10);
        }

        Assert.Empty((await twelve.GetJsonAsync("/v1/billing/balance"))["balances"]!.AsArray());

        factory.Time.SetUtcNow(BillingFactory.At("2026-07-01T02:00:00Z"));
        using var op = factory.CreateOperatorClient();
        await BillingFactory.RunBillingAsync(op, "2026-06");

        // 12 calls: graduated 10 × 0.01 + 2 × 0.008 = 0.116; volume 12 × 0.008 = 0.096; 3 started packages × 0.03;
        // 2 calls over the free 10 × 0.01.
        var first = await JuneInvoiceAsync(twelve);
        Assert.Equal(["p-free", "p-grad", "p-pack", "p-vol"], first["lines"]!.AsArray().Select(l => (string)l!["model"]!));
        Assert.Equal(["0.02", "0.12", "0.09", "0.10"], first["lines"]!.AsArray().Select(l => (string)l!["amount"]!));
        Assert.Equal("0.33", (string?)first["total"]);

        // 10 calls, exactly on the first tier's bound: all at 0.01; two full packages; nothing over the allowance.
        var second = await JuneInvoiceAsync(ten);
        Assert.Equal(["0.00", "0.10", "0.06", "0.10"], second["lines"]!.AsArray().Select(l => (string)l!["amount"]!));
        Assert.Equal("0.26", (string?)second["total"]);

        var check = await op.GetJsonAsync("/v1/admin/ledger/check?period=2026-06");
        Assert.True((bool)check["balanced"]!, check.ToJsonString());
    }

    [Fact]
    public async Task TieredPrices_AreValidated_AndEveryTierMustBeWithinTheOperatorsBounds()
    {
        var (provider, _) = await factory.ProviderWithModelAsync("p-bounds");
        async Task<JsonNode> PutAsync(object price, HttpStatusCode status, string code) =>
            await (await provider.PutAsJsonAsync("/v1/models/p-bounds/listing", new { published = true, description = "x", price })).AssertProblemAsync(status, code);

        var decreasing = await PutAsync(new { type = "graduated", currency = "USD", tiers = new object[] { new { upTo = 100, unitPrice = "0.01" }, new { upTo = 10, unitPrice = "0.01" }, new { upTo = (int?)null, unitPrice = "0.01" } } },
            HttpStatusCode.BadRequest, "invalid-tiers");
        Assert.Contains("must increase", (string?)decreasing["detail"], StringComparison.Ordinal);
        await PutAsync(new { type = "volume", currency = "USD", tiers = new object[] { new { upTo = 10, unitPrice = "0.01" } } }, HttpStatusCode.BadRequest, "invalid-tiers");
        await PutAsync(new { type = "volume", currency = "USD", tiers = Array.Empty<object>() }, HttpStatusCode.BadRequest, "invalid-tiers");
        await PutAsync(new { type = "graduated", currency = "USD", amount = "0.01", tiers = Tiers }, HttpStatusCode.BadRequest, "invalid-price");
        await PutAsync(new { type = "package", currency = "USD", amount = "1" }, HttpStatusCode.BadRequest, "invalid-price");
        await PutAsync(new { type = "per_call", currency = "USD", amount = "0.01", freeUnits = -1 }, HttpStatusCode.BadRequest, "invalid-free-units");
        await PutAsync(new { type = "per_accepted", currency = "USD", amount = "0.01", unresolved = "free", freeUnits = 5 }, HttpStatusCode.BadRequest, "invalid-free-units");

        using var op = factory.CreateOperatorClient();
        await (await op.PutAsJsonAsync("/v1/admin/price-bounds/calls", new { currency = "EUR", minPerUnit = "0.006", maxPerUnit = "0.009" })).ReadJsonAsync(HttpStatusCode.OK);
        var tooHigh = await PutAsync(new { type = "graduated", currency = "EUR", tiers = Tiers }, HttpStatusCode.UnprocessableEntity, "price-out-of-bounds");
        Assert.Contains("tier 1", (string?)tooHigh["detail"], StringComparison.Ordinal);
        var tooLow = await PutAsync(new { type = "package", currency = "EUR", unitSize = 10, amount = "0.05" }, HttpStatusCode.UnprocessableEntity, "price-out-of-bounds");
        Assert.Contains("0.005", (string?)tooLow["detail"], StringComparison.Ordinal);
        await BillingFactory.PublishAsync(provider, "p-bounds", new { type = "volume", currency = "EUR", tiers = new object[] { new { upTo = 10, unitPrice = "0.009" }, new { upTo = (int?)null, unitPrice = "0.006" } } });
    }

    private static async Task<JsonNode> JuneInvoiceAsync(HttpClient client)
    {
        var id = (string)(await client.GetJsonAsync("/v1/invoices"))["items"]!.AsArray().Single(i => (string?)i!["period"]!["month"] == "2026-06")!["id"]!;
        return await client.GetJsonAsync($"/v1/invoices/{id}");
    }
}
