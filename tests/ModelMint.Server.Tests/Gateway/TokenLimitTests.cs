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
}
