using System.Net;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Billing;

/// <summary>The operator's commercial controls: credit grants, redemption codes, price bounds and the platform fee.</summary>
public sealed class OperatorControlsTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    private async Task<(HttpClient Client, string AccountId)> DeveloperAsync()
    {
        var client = factory.CreateClientWithKey(await factory.CreateAccountAsync("dev-" + Guid.NewGuid().ToString("N")[..6]));
        return (client, (string)(await client.GetJsonAsync("/v1/billing/balance"))["accountId"]!);
    }

    [Fact]
    public async Task RedemptionCodes_CreditTheBalanceOnce_AndAreStoredOnlyAsHashes()
    {
        using var op = factory.CreateOperatorClient();
        var batch = await (await op.PostJsonAsync("/v1/admin/redemption-batches", new { count = 3, amount = "2.50", currency = "USD" })).ReadJsonAsync(HttpStatusCode.Created);
        var codes = batch["codes"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Equal(3, codes.Distinct().Count());
        var (developer, _) = await DeveloperAsync();

        var redeemed = await (await developer.PostJsonAsync("/v1/billing/redeem", new { code = codes[0].ToLowerInvariant() })).ReadJsonAsync(HttpStatusCode.OK);
        await (await developer.PostJsonAsync("/v1/billing/redeem", new { code = codes[1] })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("2.5", (string?)redeemed["amount"]);
        var balance = await developer.GetJsonAsync("/v1/billing/balance");
        Assert.Equal("5", (string?)balance["balances"]![0]!["amount"]);
        await (await developer.PostJsonAsync("/v1/billing/redeem", new { code = codes[0] })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "redemption-code-unusable");
        var (other, _) = await DeveloperAsync();
        await (await other.PostJsonAsync("/v1/billing/redeem", new { code = codes[1] })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "redemption-code-unusable");
        await (await other.PostJsonAsync("/v1/billing/redeem", new { code = "NOT-A-CODE" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-redemption-code");
    }

    [Fact]
    public async Task ConcurrentRedemptionsOfOneCode_CreditOnlyOnce()
    {
        using var op = factory.CreateOperatorClient();
        var code = (string)(await (await op.PostJsonAsync("/v1/admin/redemption-batches", new { count = 1, amount = "1", currency = "USD" })).ReadJsonAsync(HttpStatusCode.Created))["codes"]![0]!;
        var (developer, _) = await DeveloperAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => developer.PostJsonAsync("/v1/billing/redeem", new { code })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal("1", (string?)(await developer.GetJsonAsync("/v1/billing/balance"))["balances"]![0]!["amount"]);
    }

    [Fact]
    public async Task Grants_AddToTheBalance()
    {
        using var op = factory.CreateOperatorClient();
        var (developer, accountId) = await DeveloperAsync();

        var granted = await (await op.PostJsonAsync($"/v1/admin/accounts/{accountId}/credits", new { amount = "10", currency = "EUR", reason = "welcome" })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("10", (string?)granted["amount"]);
        Assert.Equal("EUR", (string?)(await developer.GetJsonAsync("/v1/billing/balance"))["balances"]![0]!["currency"]);
        await (await op.PostJsonAsync($"/v1/admin/accounts/{Guid.NewGuid()}/credits", new { amount = "10", currency = "EUR" })).AssertProblemAsync(HttpStatusCode.NotFound, "account-not-found");
    }

    [Theory]
    [InlineData("/v1/admin/redemption-batches", "{\"count\":0,\"amount\":\"1\",\"currency\":\"USD\"}", "invalid-count")]
    [InlineData("/v1/admin/redemption-batches", "{\"count\":1,\"amount\":\"0\",\"currency\":\"USD\"}", "invalid-amount")]
    [InlineData("/v1/admin/redemption-batches", "{\"count\":1,\"amount\":\"1.0000001\",\"currency\":\"USD\"}", "invalid-amount")]
    [InlineData("/v1/admin/redemption-batches", "{\"count\":1,\"amount\":\"1\",\"currency\":\"XXX\"}", "invalid-currency")]
    [InlineData("/v1/admin/redemption-batches", "{\"count\":1,\"amount\":\"1\",\"currency\":\"USD\",\"expiresAt\":\"2000-01-01T00:00:00Z\"}", "invalid-expiry")]
    public async Task InvalidOperatorRequests_Are400(string path, string body, string code)
    {
        using var op = factory.CreateOperatorClient();
        await (await op.PostRawAsync(path, body)).AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task PriceBounds_RefuseListingsOutsideThem()
    {
        using var op = factory.CreateOperatorClient();
        await (await op.PutAsJsonAsync("/v1/admin/price-bounds/calls", new { currency = "GBP", minPerUnit = "0.001", maxPerUnit = "0.01" })).ReadJsonAsync(HttpStatusCode.OK);
        await (await op.PutAsJsonAsync("/v1/admin/price-bounds/calls", new { currency = "GBP", minPerUnit = "0.5", maxPerUnit = "0.1" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-bounds");
        var dataset = await op.UploadOkAsync(System.Text.Encoding.UTF8.GetBytes("text,label\ngood,pos\ngreat,pos\nbad,neg\nawful,neg\nfine,pos\npoor,neg\n"), "tiny.csv");
        Assert.Equal("succeeded", (string?)(await op.TrainAsync(new { datasetId = (string)dataset["id"]!, modelName = "bounded" }))["status"]);

        await (await op.PutAsJsonAsync("/v1/models/bounded/listing", new { published = true, price = new { type = "per_call", currency = "GBP", amount = "0.05" } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "price-out-of-bounds");
        await (await op.PutAsJsonAsync("/v1/models/bounded/listing", new { published = true, price = new { type = "per_call", currency = "GBP", amount = "0.005" } })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains((await op.GetJsonAsync("/v1/admin/price-bounds"))["items"]!.AsArray(), b => (string?)b!["currency"] == "GBP" && (string?)b["maxPerUnit"] == "0.01");
    }

    [Fact]
    public async Task PlatformFee_IsValidated()
    {
        using var op = factory.CreateOperatorClient();
        Assert.Equal("12.5", (string?)(await (await op.PutAsJsonAsync("/v1/admin/platform-fee", new { percent = "12.5" })).ReadJsonAsync(HttpStatusCode.OK))["percent"]);
        await (await op.PutAsJsonAsync("/v1/admin/platform-fee", new { percent = "101" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-platform-fee");
    }

    [Fact]
    public async Task OperatorControls_AreRefusedToOtherOrganisations()
    {
        var (developer, accountId) = await DeveloperAsync();
        await (await developer.PostJsonAsync("/v1/admin/redemption-batches", new { count = 1, amount = "1", currency = "USD" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");
        await (await developer.PostJsonAsync($"/v1/admin/accounts/{accountId}/credits", new { amount = "100", currency = "USD" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");
        await (await developer.PutAsJsonAsync("/v1/admin/platform-fee", new { percent = "0" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");
    }
}
