using System.Net;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Gateway;

public sealed class TokenLimitFactory : GatewayFactory
{
    public const int TokensPerMinute = 100;

    public TokenLimitFactory() => Settings["Gateway:DefaultTokensPerMinute"] = TokensPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Tokens per minute, counted as OpenAI does: the estimated prompt plus the requested max_tokens.</summary>
public sealed class TokenLimitTests(TokenLimitFactory factory) : IClassFixture<TokenLimitFactory>
{
    [Fact]
    public async Task CallsBeyondTheTokensPerMinute_AreRefusedWith429_UntilTheNextMinute()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model);
        await factory.AddChannelAsync(model, upstream.BaseUrl);
        var (client, _, _) = await factory.DeveloperAsync(1_000_000);

        // Each call needs its prompt (a dozen tokens) + 35: two fit in 100, the third does not.
        var first = await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 35));
        await first.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("100", first.Headers.GetValues("x-ratelimit-limit-tokens").Single());
        await (await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 35))).ReadJsonAsync(HttpStatusCode.OK);
        var refused = await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 35));
        var message = await GatewayFactory.AssertOpenAiErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded");
        Assert.Contains("tokens per minute", message, StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter is not null, "no Retry-After");

        // A smaller request still fits what is left; a new minute starts afresh.
        await (await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 1))).ReadJsonAsync(HttpStatusCode.OK);
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        await (await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 35))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, upstream.Chats());
    }

    [Fact]
    public async Task AKeysOwnTokensPerMinute_ReplacesTheDefault_ForThatKeyOnly()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model);
        await factory.AddChannelAsync(model, upstream.BaseUrl);
        var (client, _, _) = await factory.DeveloperAsync(1_000_000);
        var created = await (await client.PostJsonAsync("/v1/keys", new { name = "big", tokensPerMinute = 1_000 })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1_000, (long)created["tokensPerMinute"]!);
        Assert.Contains((await client.GetJsonAsync("/v1/keys"))["items"]!.AsArray(), k => (string?)k!["name"] == "big" && (long?)k["tokensPerMinute"] == 1_000);
        using var big = factory.CreateClientWithKey((string)created["key"]!);

        // 300 tokens and more: over the default 100, within this key's 1,000 — three times, and the fourth is refused.
        for (var i = 0; i < 3; i++)
        {
            var answered = await big.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 300));
            await answered.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("1000", answered.Headers.GetValues("x-ratelimit-limit-tokens").Single());
        }

        var refused = await big.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 300));
        Assert.Contains("1000 tokens per minute", await GatewayFactory.AssertOpenAiErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded"), StringComparison.Ordinal);

        // The organisation's other key keeps the default.
        await GatewayFactory.AssertOpenAiErrorAsync(await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model, maxTokens: 300)),
            HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded");
        Assert.Equal(3, upstream.Chats());

        var invalid = await (await client.PostJsonAsync("/v1/keys", new { tokensPerMinute = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-rate-limit");
        Assert.Equal("tokensPerMinute", invalid["errors"]!.AsObject().Single().Key);
    }
}
