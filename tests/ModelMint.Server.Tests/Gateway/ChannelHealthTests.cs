using System.Net;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Gateway;

/// <summary>A channel that keeps failing is disabled, skipped, re-tested on the clock and enabled again.</summary>
public sealed class ChannelHealthTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task AChannelThatKeepsFailing_IsDisabled_ThenReEnabledByTheReTestOnceItAnswers()
    {
        await using var flaky = await FakeUpstream.StartAsync();
        await using var backup = await FakeUpstream.StartAsync();
        flaky.FailWith = 503;
        var model = GatewayFactory.Unique("chat");
        await factory.SellAsync(model);
        var flakyId = await factory.AddChannelAsync(model, flaky.BaseUrl, priority: 10);
        await factory.AddChannelAsync(model, backup.BaseUrl, priority: 0);
        var (client, _, _) = await factory.DeveloperAsync(1_000_000);
        using var op = factory.CreateOperatorClient();

        // FailureThreshold is 3: every call still succeeds through the backup while the flaky channel is tried.
        for (var i = 0; i < 3; i++)
        {
            await (await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model))).ReadJsonAsync(HttpStatusCode.OK);
        }

        var disabled = await op.GetJsonAsync($"/v1/admin/gateway/channels/{flakyId}");
        Assert.NotNull((string?)disabled["autoDisabledAt"]);
        Assert.Contains("503", (string?)disabled["lastError"], StringComparison.Ordinal);

        await (await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, flaky.Chats());

        // Still failing at the first re-test: stays disabled.
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        await WaitAsync(() => flaky.Requests > 3);
        Assert.NotNull((string?)(await op.GetJsonAsync($"/v1/admin/gateway/channels/{flakyId}"))["autoDisabledAt"]);

        flaky.FailWith = 0;
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        await WaitAsync(async () => (string?)(await op.GetJsonAsync($"/v1/admin/gateway/channels/{flakyId}"))["autoDisabledAt"] is null);

        await (await client.PostJsonAsync("/openai/v1/chat/completions", GatewayFactory.Chat(model))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, flaky.Chats());
    }

    private static Task WaitAsync(Func<bool> condition) => WaitAsync(() => Task.FromResult(condition()));

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the condition never held");
    }
}
