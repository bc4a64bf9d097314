using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Gateway;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Gateway;

/// <summary>
/// The OpenAI-compatible surface against stand-in upstreams on loopback: answers passed through, streams chunk by
/// chunk, tokens charged exactly, errors in OpenAI's shape. Each test sells its own model to its own developer.
/// </summary>
public sealed class GatewayProxyTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private static readonly TokenCounter Tokens = new();

    /// <summary>Prompt tokens of <see cref="GatewayFactory.Chat"/>'s single user message, as OpenAI frames it.</summary>
    private static long PromptOf(string content = "Say hello") =>
        Tokens.CountMessages(new JsonArray(new JsonObject { ["role"] = "user", ["content"] = content }));

    [Fact]
    public async Task PlainCompletion_PassesTheAnswerThrough_MapsTheModel_AndChargesTheReportedTokens()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model, inputPerMillion: "1", outputPerMillion: "2");
        var channel = await factory.AddChannelAsync(model, upstream.BaseUrl, upstreamName: "gpt-4o-mini-2024-07-18");
        var (client, _, accountId) = await factory.DeveloperAsync(1_000_000);

        var response = await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 5));
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(" hello hello hello hello hello", (string?)body["choices"]![0]!["message"]!["content"]);
        Assert.Equal(5, (int)body["usage"]!["completion_tokens"]!);
        var sent = Assert.Single(upstream.Bodies);
        Assert.Equal("gpt-4o-mini-2024-07-18", (string?)sent["model"]);
        Assert.Equal("Bearer " + FakeUpstream.ApiKey, Assert.Single(upstream.Authorizations));
        var prompt = PromptOf();
        Assert.Equal(prompt, (long)body["usage"]!["prompt_tokens"]!);
        await factory.CallsAsync(accountId, 1);
        Assert.Equal(1_000_000 - (prompt * 1 + 5 * 2), await factory.BalanceAsync(accountId));

        var events = await factory.DbAsync(db => db.UsageEvents.AsNoTracking().Where(e => e.AccountId == accountId).OrderBy(e => e.Meter).ToListAsync());
        Assert.Equal([GatewayMeters.InputTokens, GatewayMeters.OutputTokens], events.Select(e => e.Meter));
        Assert.Equal([prompt, 5L], events.Select(e => e.Quantity));
        Assert.Equal([prompt * 1, 10L], events.Select(e => e.ChargedMicros));
        Assert.Single(events.Select(e => e.IdempotencyKey).Distinct());
        var call = await factory.DbAsync(db => db.GatewayCalls.AsNoTracking().SingleAsync(c => c.AccountId == accountId));
        Assert.Equal(channel, call.ChannelId);
        Assert.Equal(prompt + 10, call.RevenueMicros);
        // Channel cost: 0.5 per million input tokens, 1 per million output, rounded to whole micro-units per call.
        Assert.Equal(TokenPrice.Micros(prompt, 500_000) + TokenPrice.Micros(5, 1_000_000), call.CostMicros);
    }

    [Fact]
    public async Task StreamedCompletion_PassesEveryChunkThrough_AsksForUsage_AndChargesTheFinalUsageChunk()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model, inputPerMillion: "3", outputPerMillion: "7");
        await factory.AddChannelAsync(model, upstream.BaseUrl);
        var (client, _, accountId) = await factory.DeveloperAsync(1_000_000);

        var response = await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 4, stream: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var data = (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]).ToList();

        Assert.Equal("[DONE]", data[^1]);
        var chunks = data[..^1].Select(d => JsonNode.Parse(d)!).ToList();
        Assert.Equal(" hello hello hello hello", string.Concat(chunks.Select(c => (string?)c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"])));
        Assert.Equal(4, (int)chunks[^1]["usage"]!["completion_tokens"]!);
        Assert.True((bool)Assert.Single(upstream.Bodies)["stream_options"]!["include_usage"]!);
        await factory.CallsAsync(accountId, 1);
        Assert.Equal(1_000_000 - (PromptOf() * 3 + 4 * 7), await factory.BalanceAsync(accountId));
    }

    [Fact]
    public async Task AnUpstreamWithoutUsage_IsBilledByTheTokenizersCount_PlainAndStreamed()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.ReportUsage = false;
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model, inputPerMillion: "1", outputPerMillion: "1000");
        await factory.AddChannelAsync(model, upstream.BaseUrl);
        var (client, _, accountId) = await factory.DeveloperAsync(1_000_000);

        var plain = await (await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 6))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null(plain["usage"]);
        var streamed = await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 4, stream: true));
        Assert.DoesNotContain("\"usage\":{", await streamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var calls = (await factory.CallsAsync(accountId, 2)).OrderBy(c => c.OutputTokens).ToList();
        // " hello" repeated is one o200k token per repetition; the prompt is the gateway's own estimate.
        Assert.Equal([4L, 6L], calls.Select(c => c.OutputTokens));
        Assert.All(calls, c => Assert.Equal(PromptOf(), c.InputTokens));
        Assert.Equal(1_000_000 - (2 * PromptOf() + 10 * 1000), await factory.BalanceAsync(accountId));
    }

    [Fact]
    public async Task Embeddings_AreProxied_AndChargedForTheirInputTokens()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = GatewayFactory.Unique("embed");
        await factory.SellAsync(model, inputPerMillion: "20", outputPerMillion: "0", kind: "embeddings");
        await factory.AddChannelAsync(model, upstream.BaseUrl);
        var (client, _, accountId) = await factory.DeveloperAsync(1_000_000);

        var body = await (await client.PostJsonAsync("/openai/v1/embeddings", new { model, input = new[] { "the first text", "and a second one" } })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, body["data"]!.AsArray().Count);
        var tokens = Tokens.Count("the first text") + Tokens.Count("and a second one");
        Assert.Equal(tokens, (int)body["usage"]!["prompt_tokens"]!);
        await factory.CallsAsync(accountId, 1);
        Assert.Equal(1_000_000 - tokens * 20, await factory.BalanceAsync(accountId));
    }

    [Fact]
    public async Task Models_ListsOnlyWhatTheKeyMayCall()
    {
        var allowed = GatewayFactory.Unique("chat");
        var other = GatewayFactory.Unique("chat");
        await factory.SellAsync(allowed);
        await factory.SellAsync(other);
        var (client, _, _) = await factory.DeveloperAsync(0);
        var scoped = await (await client.PostJsonAsync("/v1/keys", new { name = "only one", models = new[] { allowed } })).ReadJsonAsync(HttpStatusCode.Created);
        using var scopedClient = factory.CreateClientWithKey((string)scoped["key"]!);

        var all = (await client.GetJsonAsync("/openai/v1/models"))["data"]!.AsArray().Select(m => (string?)m!["id"]).ToList();
        var list = await scopedClient.GetJsonAsync("/openai/v1/models");

        Assert.Contains(allowed, all);
        Assert.Contains(other, all);
        Assert.Equal("list", (string?)list["object"]);
        var only = Assert.Single(list["data"]!.AsArray())!;
        Assert.Equal(allowed, (string?)only["id"]);
        Assert.Equal("model", (string?)only["object"]);
    }

    [Fact]
    public async Task BadRequests_AreRefusedInOpenAisErrorShape_AndReachNoUpstream()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = GatewayFactory.Unique("chat");
        var forbidden = GatewayFactory.Unique("chat");
        await factory.SellAsync(model);
        await factory.SellAsync(forbidden);
        await factory.AddChannelAsync(model, upstream.BaseUrl);
        await factory.AddChannelAsync(forbidden, upstream.BaseUrl);
        var (client, _, _) = await factory.DeveloperAsync(1_000_000);
        var scoped = await (await client.PostJsonAsync("/v1/keys", new { name = "scoped", models = new[] { model } })).ReadJsonAsync(HttpStatusCode.Created);
        using var scopedClient = factory.CreateClientWithKey((string)scoped["key"]!);
        using var anonymous = factory.CreateClient();

        var missing = await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync("/openai/v1/chat/completions", new { model }),
            HttpStatusCode.BadRequest, "invalid_request_error", "missing_required_parameter");
        Assert.Contains("'messages'", missing, StringComparison.Ordinal);
        await GatewayFactory.AssertOpenAiErrorAsync(await client.PostRawAsync("/openai/v1/chat/completions", "{\"model\":"),
            HttpStatusCode.BadRequest, "invalid_request_error", "invalid_json");
        var unknown = await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat("no-such-model")),
            HttpStatusCode.NotFound, "invalid_request_error", "model_not_found");
        Assert.Contains("/openai/v1/models", unknown, StringComparison.Ordinal);
        var notAllowed = await GatewayFactory.AssertOpenAiErrorAsync(await scopedClient.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(forbidden)),
            HttpStatusCode.Forbidden, "permission_error", "model_not_allowed");
        Assert.Contains(model, notAllowed, StringComparison.Ordinal);
        await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync("/openai/v1/embeddings", new { model, input = "x" }),
            HttpStatusCode.BadRequest, "invalid_request_error", "wrong_endpoint");
        await GatewayFactory.AssertOpenAiErrorAsync(await anonymous.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model)),
            HttpStatusCode.Unauthorized, "authentication_error", "missing_api_key");
        await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync("/openai/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "x" } }, max_tokens = 0 }),
            HttpStatusCode.BadRequest, "invalid_request_error", "invalid_value");
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public async Task Failover_TriesTheNextChannel_OnConnectionRefused_ServerErrors_AndTooManyRequests()
    {
        await using var failing = await FakeUpstream.StartAsync();
        await using var throttled = await FakeUpstream.StartAsync();
        await using var healthy = await FakeUpstream.StartAsync();
        failing.FailWith = 500;
        throttled.FailWith = 429;
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model);
        await factory.AddChannelAsync(model, FakeUpstream.RefusingBaseUrl(), priority: 30);
        await factory.AddChannelAsync(model, failing.BaseUrl, priority: 20);
        await factory.AddChannelAsync(model, throttled.BaseUrl, priority: 10);
        var served = await factory.AddChannelAsync(model, healthy.BaseUrl, priority: 0);
        var (client, _, accountId) = await factory.DeveloperAsync(1_000_000);

        // Three attempts at most: refused, 500, 429 — then the call fails without reaching the fourth channel.
        var failed = await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model)),
            HttpStatusCode.BadGateway, "api_error", "upstream_unavailable");
        Assert.DoesNotContain("127.0.0.1", failed, StringComparison.Ordinal); // channels' addresses are the operator's business
        Assert.Equal((1, 1, 0), (failing.Requests, throttled.Requests, healthy.Requests));
        Assert.Equal(1_000_000, await factory.BalanceAsync(accountId));

        throttled.FailWith = 0;
        await (await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((2, 2), (failing.Requests, throttled.Requests));

        throttled.FailWith = 503;
        failing.ResponseDelay = TimeSpan.FromSeconds(5); // past the 2 s upstream timeout
        await (await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model))).ReadJsonAsync(HttpStatusCode.BadGateway);
        var calls = await factory.CallsAsync(accountId, 1);
        Assert.DoesNotContain(calls, c => c.ChannelId == served);
        Assert.Single(calls);
    }

    [Fact]
    public async Task MidStreamDisconnect_CancelsTheUpstream_AndBillsTheTokensDelivered()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.ChunkDelay = TimeSpan.FromMilliseconds(40);
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model, inputPerMillion: "1", outputPerMillion: "1000");
        await factory.AddChannelAsync(model, upstream.BaseUrl);
        var (_, key, accountId) = await factory.DeveloperAsync(10_000_000);
        using var client = factory.CreateClientWithKey(key);

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/openai/v1/chat/completions"))
        {
            request.Content = new StringContent(GatewayFactory.Chat(model, maxTokens: 200, stream: true).ToJson(), Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var received = 0;
            while (received < 3 && await reader.ReadLineAsync() is { } line)
            {
                if (line.Contains("\" hello\"", StringComparison.Ordinal))
                {
                    received++;
                }
            }
        }

        await upstream.StreamAborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var call = await WaitForCallAsync(accountId);
        Assert.Equal(GatewayMetering.DisconnectedOutcome, call.Outcome);
        Assert.InRange(call.OutputTokens, 3, 199);
        Assert.Equal(PromptOf(), call.InputTokens);
        Assert.Equal(10_000_000 - (call.InputTokens + call.OutputTokens * 1000), await factory.BalanceAsync(accountId));
    }

    [Fact]
    public async Task ConcurrentCalls_AgainstABalanceForExactlyN_GiveExactlyNAnswers()
    {
        const int n = 5;
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.ResponseDelay = TimeSpan.FromMilliseconds(50);
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model, inputPerMillion: "100", outputPerMillion: "300");
        await factory.AddChannelAsync(model, upstream.BaseUrl);
        var perCall = PromptOf() * 100 + 10 * 300;
        var (_, key, accountId) = await factory.DeveloperAsync(n * perCall);

        var responses = await Task.WhenAll(Enumerable.Range(0, 3 * n).Select(async _ =>
        {
            using var client = factory.CreateClientWithKey(key);
            var response = await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 10));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.Equal(n, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, r.StatusCode);
            Assert.Equal("insufficient_balance", (string?)JsonNode.Parse(r.Body)!["error"]!["code"]);
        });
        await factory.CallsAsync(accountId, n);
        Assert.Equal(0, await factory.BalanceAsync(accountId));
    }

    [Fact]
    public async Task ARequestAboveTheBalance_IsRefusedBeforeTheUpstream_WithWhatItWouldHold()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model, inputPerMillion: "1", outputPerMillion: "1000");
        await factory.AddChannelAsync(model, upstream.BaseUrl);
        var (client, _, _) = await factory.DeveloperAsync(500);

        var message = await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 1000)),
            HttpStatusCode.PaymentRequired, "insufficient_quota", "insufficient_balance");
        Assert.Contains("max_tokens", message, StringComparison.Ordinal);
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public async Task ChannelKeys_AreStoredEncrypted_AndNeverReturned()
    {
        var model = GatewayFactory.Unique("chat");
        var id = await factory.AddChannelAsync(model, "http://127.0.0.1:9/v1");
        using var op = factory.CreateOperatorClient();

        var listed = await op.GetAsync(new Uri("/v1/admin/gateway/channels", UriKind.Relative));
        var one = await op.GetAsync(new Uri($"/v1/admin/gateway/channels/{id}", UriKind.Relative));
        var stored = await factory.DbAsync(db => db.GatewayChannels.AsNoTracking().SingleAsync(c => c.Id == id));

        Assert.DoesNotContain(FakeUpstream.ApiKey, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(FakeUpstream.ApiKey, await one.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(FakeUpstream.ApiKey, stored.ProtectedApiKey, StringComparison.Ordinal);
        var (developer, _, _) = await factory.DeveloperAsync(0);
        await (await developer.GetAsync(new Uri("/v1/admin/gateway/channels", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");
    }

    private async Task<Data.Gateway.GatewayCall> WaitForCallAsync(Guid accountId)
    {
        for (var i = 0; i < 100; i++)
        {
            var call = await factory.DbAsync(db => db.GatewayCalls.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == accountId));
            if (call is not null)
            {
                return call;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the call was never settled");
    }
}
