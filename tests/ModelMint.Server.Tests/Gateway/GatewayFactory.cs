using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Gateway;

/// <summary>
/// A ModelMint server on real Kestrel (loopback), so streams, client disconnects and outside clients behave as in
/// production, with a fake clock for re-tests and billing periods, and the steps of a gateway scenario: add a
/// channel to a stand-in upstream, sell a model, give a developer a balance.
/// </summary>
public class GatewayFactory : ModelMintFactory
{
    public static readonly DateTimeOffset Start = BillingFactory.At("2026-03-10T12:00:00Z");

    public GatewayFactory()
    {
        Settings["Billing:WorkerEnabled"] = "false";
        Settings["Gateway:FailureThreshold"] = "3";
        Settings["Gateway:ProbeInterval"] = "00:01:00";
        Settings["Gateway:UpstreamTimeout"] = "00:00:02";
        UseKestrel(0);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    public string OpenAiBaseUrl => ClientOptions.BaseAddress + "openai/v1";

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>Sells <paramref name="model"/> at the given prices per million tokens (USD).</summary>
    public async Task SellAsync(string model, string inputPerMillion = "1", string outputPerMillion = "2", string kind = "chat")
    {
        using var op = CreateOperatorClient();
        await (await op.PutAsJsonAsync($"/v1/admin/gateway/models/{model}", new { kind, published = true, price = new { currency = "USD", inputPerMillion, outputPerMillion } }))
            .ReadJsonAsync(HttpStatusCode.OK);
    }

    public async Task<Guid> AddChannelAsync(string model, string baseUrl, int priority = 0, int weight = 1, string? upstreamName = null, string inputCost = "0.5", string outputCost = "1")
    {
        using var op = CreateOperatorClient();
        var created = await (await op.PostJsonAsync("/v1/admin/gateway/channels", new
        {
            name = Unique("ch"),
            baseUrl,
            apiKey = FakeUpstream.ApiKey,
            models = new[] { new { name = model, upstream = upstreamName ?? model } },
            priority,
            weight,
            cost = new { currency = "USD", inputPerMillion = inputCost, outputPerMillion = outputCost },
        })).ReadJsonAsync(HttpStatusCode.Created);
        return Guid.Parse((string)created["id"]!);
    }

    public async Task<(HttpClient Client, string Key, Guid AccountId)> DeveloperAsync(long balanceMicros)
    {
        var key = await CreateAccountAsync(Unique("dev"));
        var client = CreateClientWithKey(key);
        var accountId = Guid.Parse((string)(await client.GetJsonAsync("/v1/billing/balance"))["accountId"]!);
        if (balanceMicros > 0)
        {
            await this.WithDbAsync(async db =>
            {
                db.Wallets.Add(new Wallet { AccountId = accountId, Currency = "USD", BalanceMicros = balanceMicros, UpdatedAt = Time.GetUtcNow() });
                return await db.SaveChangesAsync();
            });
        }

        return (client, key, accountId);
    }

    /// <summary>
    /// Waits until <paramref name="count"/> calls of the account are recorded: answers leave before their usage is
    /// committed (the hold on the balance stays until it is).
    /// </summary>
    public async Task<List<Data.Gateway.GatewayCall>> CallsAsync(Guid accountId, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            var calls = await DbAsync(db => db.GatewayCalls.AsNoTracking().Where(c => c.AccountId == accountId).ToListAsync());
            if (calls.Count >= count)
            {
                return calls;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"fewer than {count} calls of {accountId} were recorded");
    }

    public Task<long> BalanceAsync(Guid accountId) =>
        this.WithDbAsync(db => db.Wallets.Where(w => w.AccountId == accountId && w.Currency == "USD").Select(w => w.BalanceMicros).SingleAsync());

    public Task<T> DbAsync<T>(Func<ModelMintDbContext, Task<T>> action) => this.WithDbAsync(action);

    public static object Chat(string model, int maxTokens = 5, bool stream = false, string content = "Say hello") =>
        stream
            ? new { model, messages = new[] { new { role = "user", content } }, max_tokens = maxTokens, stream = true }
            : new { model, messages = new[] { new { role = "user", content } }, max_tokens = maxTokens };

    /// <summary>Asserts an OpenAI-shaped error with the given status, type and code; returns its message.</summary>
    public static async Task<string> AssertOpenAiErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        var error = JsonNode.Parse(body)!["error"]!;
        Assert.Equal(type, (string?)error["type"]);
        Assert.Equal(code, (string?)error["code"]);
        var message = (string?)error["message"];
        Assert.False(string.IsNullOrWhiteSpace(message), "the error has no message");
        Assert.True(error.AsObject().ContainsKey("param"), "the error has no 'param' field");
        return message!;
    }
}
