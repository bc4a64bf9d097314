using System.Net;
using System.Text.Json;
using ModelMint.Cli.Tests.Fakes;
using ModelMint.Client;

namespace ModelMint.Cli.Tests.Client;

/// <summary>Key restrictions, usage, listings and the catalog, balances, idempotent and metered predictions.</summary>
public sealed class CommerceClientTests
{
    private readonly FakeApi _api = new();

    [Fact]
    public async Task CreateKeyWithRestrictions_SendsThem_AndReadsThemBack()
    {
        _api.OnJson(HttpMethod.Post, "/v1/keys", $$"""
            {"id": "{{ContractJson.KeyId}}", "name": "web", "prefix": "mm_ab12", "key": "mm_ab12secret",
             "createdAt": "2025-06-01T10:00:00Z", "expiresAt": null,
             "models": ["sentiment"], "allowedIps": ["203.0.113.0/24"], "requestsPerMinute": 5, "unitsPerMinute": 10000}
            """, HttpStatusCode.Created);

        var key = await _api.CreateClient().CreateKeyAsync(
            new CreateKeyRequest("web", Models: ["sentiment"], AllowedIps: ["203.0.113.0/24"], RequestsPerMinute: 5, UnitsPerMinute: 10_000));

        using var body = JsonDocument.Parse(Assert.Single(_api.Requests).Body);
        Assert.Equal(
            ["allowedIps", "models", "name", "requestsPerMinute", "unitsPerMinute"],
            body.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("sentiment", body.RootElement.GetProperty("models")[0].GetString());
        Assert.Equal(5, body.RootElement.GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(["sentiment"], key.Models);
        Assert.Equal(["203.0.113.0/24"], key.AllowedIps);
        Assert.Equal(5, key.RequestsPerMinute);
        Assert.Equal(10_000, key.UnitsPerMinute);
    }

    [Fact]
    public async Task ListKeys_ReadsRestrictions_NullMeaningUnrestricted()
    {
        _api.OnJson(HttpMethod.Get, "/v1/keys", $$"""
            {"items": [{"id": "{{ContractJson.KeyId}}", "name": "ci", "prefix": "mm_ab12", "createdAt": "2025-06-01T10:00:00Z",
                        "expiresAt": null, "lastUsedAt": null, "revokedAt": null,
                        "models": null, "allowedIps": null, "requestsPerMinute": 60, "unitsPerMinute": null}]}
            """);

        var key = Assert.Single(await _api.CreateClient().ListKeysAsync());

        Assert.Null(key.Models);
        Assert.Null(key.AllowedIps);
        Assert.Equal(60, key.RequestsPerMinute);
        Assert.Null(key.UnitsPerMinute);
    }

    [Fact]
    public async Task GetUsage_SendsPeriodAndGrouping_AsUtcIsoQuery()
    {
        _api.OnJson(HttpMethod.Get, "/v1/usage", UsageJson);

        var report = await _api.CreateClient().GetUsageAsync(
            new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.FromHours(1)),
            new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
            UsageGrouping.Model);

        Assert.Equal("?from=2026-11-01T08%3A00%3A00Z&to=2026-11-30T00%3A00%3A00Z&groupBy=model", Assert.Single(_api.Requests).Uri.Query);
        Assert.Equal(UsageGrouping.Model, report.GroupBy);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), report.From);
        Assert.Equal(new UsageItem("sentiment", Meters.Calls, 120, 100), report.Items[0]);
    }

    [Fact]
    public async Task GetUsageWithoutArguments_LetsTheServerDefaultEverything()
    {
        _api.OnJson(HttpMethod.Get, "/v1/usage", UsageJson);

        await _api.CreateClient().GetUsageAsync();

        Assert.Empty(Assert.Single(_api.Requests).Uri.Query);
    }

    [Fact]
    public async Task SetListingPerCall_SendsTheAmountAsAnExactDecimalString_WithoutUnitFields()
    {
        _api.OnJson(HttpMethod.Put, "/v1/models/sentiment/listing", ListingJson(published: true));

        var listing = await _api.CreateClient().SetListingAsync(
            "sentiment", new ListingUpdate(true, "Review sentiment", ListingPrice.PerCall(0.002m, "USD")));

        Assert.Equal(
            """{"published":true,"description":"Review sentiment","price":{"type":"per_call","currency":"USD","amount":"0.002"}}""",
            Assert.Single(_api.Requests).Body);
        Assert.True(listing.Published);
        Assert.Equal(0.002m, listing.Price.Amount);
        Assert.Equal("operator", listing.Provider);
    }

    [Fact]
    public async Task SetListingPerUnit_SendsMeterAndUnitSize()
    {
        _api.OnJson(HttpMethod.Put, "/v1/models/sentiment/listing", ListingJson(published: true));

        await _api.CreateClient().SetListingAsync("sentiment", new ListingUpdate(true, null, ListingPrice.PerUnit(0.01m, "EUR", 1000)));

        using var body = JsonDocument.Parse(Assert.Single(_api.Requests).Body);
        var price = body.RootElement.GetProperty("price");
        Assert.Equal("per_unit", price.GetProperty("type").GetString());
        Assert.Equal("characters", price.GetProperty("meter").GetString());
        Assert.Equal(1000, price.GetProperty("unitSize").GetInt64());
        Assert.Equal("0.01", price.GetProperty("amount").GetString());
        Assert.False(body.RootElement.TryGetProperty("description", out _));
    }

    [Fact]
    public async Task GetListing_OfAModelWithout_ThrowsListingNotFound()
    {
        _api.OnProblem(HttpMethod.Get, "/v1/models/sentiment/listing", HttpStatusCode.NotFound,
            ContractJson.Problem(404, "listing-not-found", "Not found.", "Model 'sentiment' has no listing yet."));

        var ex = await Assert.ThrowsAsync<ModelMintApiException>(() => _api.CreateClient().GetListingAsync("sentiment"));

        Assert.Equal("listing-not-found", ex.Code);
    }

    [Fact]
    public async Task ListCatalog_ReadsPricesAndQuality()
    {
        _api.OnJson(HttpMethod.Get, "/v1/catalog", CatalogJson);

        var entries = await _api.CreateClient().ListCatalogAsync();

        Assert.Equal(2, entries.Count);
        Assert.Equal(0.002m, entries[0].Price.Amount);
        Assert.Equal(1, entries[0].Price.UnitSize);
        Assert.Equal(0.912, entries[0].Accuracy);
        Assert.Equal(1000, entries[1].Price.UnitSize);
        Assert.Null(entries[1].ProductionVersion);
        Assert.Empty(entries[1].Labels);
    }

    [Fact]
    public async Task GetBalance_ReadsExactAmounts()
    {
        _api.OnJson(HttpMethod.Get, "/v1/billing/balance", $$"""
            {"accountId": "{{ContractJson.KeyId}}", "balances": [{"currency": "EUR", "amount": "3"}, {"currency": "USD", "amount": "12.000001"}]}
            """);

        var balance = await _api.CreateClient().GetBalanceAsync();

        Assert.Equal(ContractJson.KeyId, balance.AccountId);
        Assert.Equal([new Balance("EUR", 3m), new Balance("USD", 12.000001m)], balance.Balances);
    }

    [Fact]
    public async Task RedeemCode_PostsTheCode_AndReadsTheCredit()
    {
        _api.OnJson(HttpMethod.Post, "/v1/billing/redeem",
            """{"currency": "USD", "amount": "25", "balances": [{"currency": "USD", "amount": "25.5"}]}""");

        var redemption = await _api.CreateClient().RedeemCodeAsync(" 7KQ2-M9XD-4TZW-R1H2 ");

        Assert.Equal("""{"code":"7KQ2-M9XD-4TZW-R1H2"}""", Assert.Single(_api.Requests).Body);
        Assert.Equal(25m, redemption.Amount);
        Assert.Equal(25.5m, Assert.Single(redemption.Balances).Amount);
    }

    [Fact]
    public async Task PredictWithAnIdempotencyKey_SendsTheHeader()
    {
        _api.OnJson(HttpMethod.Post, "/v1/models/sentiment/predict", ContractJson.Predictions(("positive", 0.9)));

        await _api.CreateClient().PredictAsync("sentiment", "great", idempotencyKey: "order-42");

        Assert.Equal("order-42", Assert.Single(_api.Requests).Header("Idempotency-Key"));
    }

    [Fact]
    public async Task PredictWithoutAnIdempotencyKey_SendsNoHeader()
    {
        _api.OnJson(HttpMethod.Post, "/v1/models/sentiment/predict", ContractJson.Predictions(("positive", 0.9)));

        await _api.CreateClient().PredictAsync("sentiment", "great");

        Assert.Null(Assert.Single(_api.Requests).Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Predict_ReadsRateLimitBalanceAndReplayHeaders()
    {
        _api.On(HttpMethod.Post, "/v1/models/sentiment/predict", _ =>
        {
            var response = FakeApi.Json(ContractJson.Predictions(("positive", 0.9)));
            response.Headers.Add("x-ratelimit-limit-requests", "600");
            response.Headers.Add("x-ratelimit-remaining-requests", "599");
            response.Headers.Add("x-ratelimit-reset-requests", "37s");
            response.Headers.Add("x-ratelimit-limit-units", "100000");
            response.Headers.Add("x-ratelimit-remaining-units", "99995");
            response.Headers.Add("x-ratelimit-reset-units", "37s");
            response.Headers.Add("x-balance-remaining", "0.005 USD");
            response.Headers.Add("Idempotent-Replayed", "true");
            response.Headers.Add("x-model-route", "canary");
            return response;
        });

        var response = await _api.CreateClient().PredictAsync("sentiment", "great");

        Assert.Equal(new RateLimitStatus(600, 599, 100_000, 99_995, TimeSpan.FromSeconds(37)), response.RateLimit);
        Assert.Equal(new Balance("USD", 0.005m), response.BalanceRemaining);
        Assert.True(response.Replayed);
        Assert.Equal("canary", response.Route);
    }

    [Fact]
    public async Task PredictWithoutMeteringHeaders_LeavesThemNull()
    {
        _api.OnJson(HttpMethod.Post, "/v1/models/sentiment/predict", ContractJson.Predictions(("positive", 0.9)));

        var response = await _api.CreateClient().PredictAsync("sentiment", "great");

        Assert.Null(response.RateLimit);
        Assert.Null(response.BalanceRemaining);
        Assert.False(response.Replayed);
        Assert.Null(response.Route);
    }

    [Fact]
    public async Task RateLimited_ExceptionCarriesRetryAfter()
    {
        _api.On(HttpMethod.Post, "/v1/models/sentiment/predict", _ =>
        {
            var response = FakeApi.Problem(HttpStatusCode.TooManyRequests,
                ContractJson.Problem(429, "rate-limit-exceeded", "Too many requests.", "This key may send 5 requests per minute."));
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(37));
            return response;
        });

        var ex = await Assert.ThrowsAsync<ModelMintApiException>(() => _api.CreateClient().PredictAsync("sentiment", "great"));

        Assert.Equal(429, ex.Status);
        Assert.Equal(TimeSpan.FromSeconds(37), ex.RetryAfter);
    }

    internal const string UsageJson = """
        {"from": "2026-11-01T08:00:00+00:00", "to": "2026-11-30T00:00:00+00:00", "groupBy": "model", "items": [
          {"group": "sentiment", "meter": "calls", "quantity": 120, "events": 100},
          {"group": "sentiment", "meter": "characters", "quantity": 5400, "events": 100},
          {"group": "topics", "meter": "calls", "quantity": 30, "events": 30},
          {"group": "topics", "meter": "characters", "quantity": 900, "events": 30}]}
        """;

    internal const string CatalogJson = """
        {"items": [
          {"model": "sentiment", "provider": "operator", "description": "English review sentiment",
           "price": {"type": "per_call", "currency": "USD", "amount": "0.002", "unitSize": 1, "meter": "calls"},
           "productionVersion": 3, "labels": ["negative", "positive"], "accuracy": 0.912, "macroF1": 0.905},
          {"model": "topics", "provider": "acme", "description": "",
           "price": {"type": "per_unit", "currency": "EUR", "amount": "0.01", "unitSize": 1000, "meter": "characters"},
           "productionVersion": null, "labels": [], "accuracy": null, "macroF1": null}]}
        """;

    internal static string ListingJson(bool published, string description = "Review sentiment") => $$"""
        {"model": "sentiment", "provider": "operator", "published": {{(published ? "true" : "false")}}, "description": "{{description}}",
         "price": {"type": "per_call", "currency": "USD", "amount": "0.002", "unitSize": 1, "meter": "calls"},
         "updatedAt": "2026-11-02T10:00:00+00:00"}
        """;
}
