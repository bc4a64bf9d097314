using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Usage;

/// <summary>Every successful call is metered exactly once, durably, and limited per key; against the demo model.</summary>
public sealed class MeteringTests : IClassFixture<MeteringTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public Factory() => Settings["Bootstrap:DemoModel"] = "true";
    }

    private const string Model = "demo-intents";
    private readonly Factory factory;
    private readonly HttpClient admin;

    public MeteringTests(Factory factory)
    {
        this.factory = factory;
        admin = factory.CreateOperatorClient();
    }

    private async Task<HttpClient> NewKeyClientAsync(object? restrictions = null)
    {
        await WaitForDemoAsync();
        var created = await (await admin.PostJsonAsync("/v1/keys", restrictions ?? new { name = "metered" })).ReadJsonAsync(HttpStatusCode.Created);
        var client = factory.CreateClientWithKey((string)created["key"]!);
        client.DefaultRequestHeaders.Add("X-Key-Id", (string)created["id"]!);
        return client;
    }

    private async Task WaitForDemoAsync()
    {
        for (var i = 0; i < 1200; i++)
        {
            if ((await admin.GetJsonAsync("/v1/models"))["items"]!.AsArray().Any(m => (string?)m!["name"] == Model))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the demo model was not trained");
    }

    private static async Task<HttpResponseMessage> PredictAsync(HttpClient client, string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{Model}/predict") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    private async Task<List<(string Meter, long Quantity)>> EventsOfKeyAsync(HttpClient client)
    {
        var keyId = Guid.Parse(client.DefaultRequestHeaders.GetValues("X-Key-Id").Single());
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var events = await db.UsageEvents.AsNoTracking().Where(e => e.KeyId == keyId).Select(e => new { e.Meter, e.Quantity }).ToListAsync();
        return events.Select(e => (e.Meter, e.Quantity)).ToList();
    }

    [Fact]
    public async Task SuccessfulCall_IsMeteredInCallsAndCharacters_AndShowsInUsage()
    {
        using var client = await NewKeyClientAsync();

        await (await PredictAsync(client, "{\"texts\":[\"refund please\",\"thanks a lot\"]}")).ReadJsonAsync(HttpStatusCode.OK);

        var events = await EventsOfKeyAsync(client);
        Assert.Contains(("calls", 2L), events);
        Assert.Contains(("characters", 25L), events);
        var keyId = client.DefaultRequestHeaders.GetValues("X-Key-Id").Single();
        var usage = await admin.GetJsonAsync("/v1/usage?groupBy=key");
        var mine = usage["items"]!.AsArray().Where(i => (string?)i!["group"] == keyId).ToList();
        Assert.Equal(2, (long)mine.Single(i => (string?)i!["meter"] == "calls")!["quantity"]!);
        Assert.Equal(25, (long)mine.Single(i => (string?)i!["meter"] == "characters")!["quantity"]!);
    }

    [Fact]
    public async Task FailedCall_IsNotMetered()
    {
        using var client = await NewKeyClientAsync();

        await (await PredictAsync(client, "{\"text\":\"\"}")).AssertProblemAsync(HttpStatusCode.BadRequest, "empty-text");
        await (await client.PostRawAsync("/v1/models/unknown-model/predict", "{\"text\":\"hi\"}")).AssertProblemAsync(HttpStatusCode.NotFound, "model-not-found");

        Assert.Empty(await EventsOfKeyAsync(client));
    }

    [Fact]
    public async Task RetryWithTheSameIdempotencyKey_ReturnsTheFirstAnswer_AndIsMeteredOnce()
    {
        using var client = await NewKeyClientAsync();
        var key = Guid.NewGuid().ToString();

        var first = await PredictAsync(client, "{\"text\":\"where is my package\"}", key);
        var second = await PredictAsync(client, "{\"text\":\"where is my package\"}", key);

        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal([("calls", 1L), ("characters", 19L)], (await EventsOfKeyAsync(client)).OrderBy(e => e.Meter).ToList());
    }

    [Fact]
    public async Task ConcurrentRetriesWithOneIdempotencyKey_AreMeteredOnce()
    {
        using var client = await NewKeyClientAsync();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PredictAsync(client, "{\"text\":\"cancel my subscription\"}", key)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var bodies = await Task.WhenAll(responses.Where(r => r.IsSuccessStatusCode).Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, (await EventsOfKeyAsync(client)).Count(e => e.Meter == "calls"));
    }

    [Fact]
    public async Task ReusingAnIdempotencyKeyForAnotherRequest_Is422AndNotMetered()
    {
        using var client = await NewKeyClientAsync();
        var key = Guid.NewGuid().ToString();
        await (await PredictAsync(client, "{\"text\":\"one\"}", key)).ReadJsonAsync(HttpStatusCode.OK);

        await (await PredictAsync(client, "{\"text\":\"two\"}", key)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        Assert.Equal(1, (await EventsOfKeyAsync(client)).Count(e => e.Meter == "calls"));
    }

    [Fact]
    public async Task ManyConcurrentCalls_AreAllMetered()
    {
        using var client = await NewKeyClientAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => PredictAsync(client, $"{{\"text\":\"message number {i}\"}}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(200, (await EventsOfKeyAsync(client)).Where(e => e.Meter == "calls").Sum(e => e.Quantity));
    }

    [Fact]
    public async Task RequestRateLimit_RefusesTheCallOverTheLimit_WithRetryAfterAndHeaders()
    {
        using var client = await NewKeyClientAsync(new { name = "slow", requestsPerMinute = 3 });

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await PredictAsync(client, "{\"text\":\"hello\"}"));
        }

        Assert.All(responses.Take(3), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["2", "1", "0"], responses.Take(3).Select(r => r.Headers.GetValues("x-ratelimit-remaining-requests").Single()).ToArray());
        Assert.All(responses, r => Assert.Equal("3", r.Headers.GetValues("x-ratelimit-limit-requests").Single()));
        var refused = responses[3];
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limit-exceeded");
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(3, (await EventsOfKeyAsync(client)).Count(e => e.Meter == "calls"));
    }

    [Fact]
    public async Task UnitRateLimit_RefusesACallThatWouldExceedIt()
    {
        using var client = await NewKeyClientAsync(new { name = "few-chars", unitsPerMinute = 30 });

        await (await PredictAsync(client, "{\"text\":\"twenty characters!!\"}")).ReadJsonAsync(HttpStatusCode.OK);
        await (await PredictAsync(client, "{\"text\":\"another twenty chars\"}")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limit-exceeded");
        await (await PredictAsync(client, "{\"text\":\"short\"}")).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task KeyScopedToOtherModels_Is403ForThisOne()
    {
        using var client = await NewKeyClientAsync(new { name = "scoped", models = new[] { "some-other-model" } });

        await (await PredictAsync(client, "{\"text\":\"hello\"}")).AssertProblemAsync(HttpStatusCode.Forbidden, "model-not-allowed");
        Assert.Empty(await EventsOfKeyAsync(client));
    }

    [Fact]
    public async Task KeyLimitedToAnotherNetwork_IsRefused()
    {
        using var client = await NewKeyClientAsync(new { name = "office", allowedIps = new[] { "203.0.113.0/24" } });

        await (await client.GetAsync(new Uri("/v1/models", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Forbidden, "ip-not-allowed");
    }

    [Theory]
    [InlineData("{\"models\":[]}", "invalid-models")]
    [InlineData("{\"models\":[\"Bad Name\"]}", "invalid-models")]
    [InlineData("{\"allowedIps\":[\"300.1.1.1\"]}", "invalid-allowed-ips")]
    [InlineData("{\"allowedIps\":[\"10.0.0.0/33\"]}", "invalid-allowed-ips")]
    [InlineData("{\"requestsPerMinute\":0}", "invalid-rate-limit")]
    public async Task InvalidKeyRestrictions_Are400(string body, string code)
    {
        await (await admin.PostRawAsync("/v1/keys", body)).AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Theory]
    [InlineData("?groupBy=week", "invalid-group-by")]
    [InlineData("?from=yesterday", "invalid-time")]
    [InlineData("?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "invalid-range")]
    public async Task BadUsageQueries_Are400(string query, string code)
    {
        await (await admin.GetAsync(new Uri("/v1/usage" + query, UriKind.Relative))).AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Usage_IsInvisibleToOtherAccounts()
    {
        using var client = await NewKeyClientAsync();
        await (await PredictAsync(client, "{\"text\":\"hello\"}")).ReadJsonAsync(HttpStatusCode.OK);
        using var other = factory.CreateClientWithKey(await factory.CreateAccountAsync("stranger"));

        var usage = await other.GetJsonAsync("/v1/usage?groupBy=model");

        Assert.Empty(usage["items"]!.AsArray());
    }
}
