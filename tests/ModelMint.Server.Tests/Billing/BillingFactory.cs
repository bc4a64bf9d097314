using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Billing;

/// <summary>
/// A server with the demo model (the operator is its provider), a fake clock for driving whole periods, and the
/// steps of a billing scenario: publish a price, give a developer a wallet, call, advance time, bill.
/// </summary>
public class BillingFactory : ModelMintFactory
{
    public const string PerCallModel = "demo-intents";

    public BillingFactory(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        Settings["Bootstrap:DemoModel"] = "true";
        Settings["Billing:WorkerEnabled"] = "false";
        // The clock stands still unless a test moves it, so threshold evaluations are not paced by it
        // (ThresholdIntervalTests covers the pacing).
        Settings["Webhooks:ThresholdInterval"] = "00:00:00";
    }

    public FakeTimeProvider Time { get; }

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    public async Task WaitForDemoModelAsync()
    {
        using var client = CreateOperatorClient();
        for (var i = 0; i < 1200; i++)
        {
            if ((await client.GetJsonAsync("/v1/models"))["items"]!.AsArray().Any(m => (string?)m!["name"] == PerCallModel))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the demo model was not trained");
    }

    public static async Task PublishAsync(HttpClient provider, string model, object price) =>
        await (await provider.PutAsJsonAsync($"/v1/models/{model}/listing", new { published = true, description = "priced for billing tests", price }))
            .ReadJsonAsync(HttpStatusCode.OK);

    /// <summary>A new provider organisation with a small trained model of its own.</summary>
    public async Task<(HttpClient Client, Guid AccountId)> ProviderWithModelAsync(string model)
    {
        var (client, accountId) = await OrganisationAsync("provider");
        var dataset = await client.UploadOkAsync(Encoding.UTF8.GetBytes("text,label\ngood film,pos\ngreat film,pos\nbad film,neg\nawful film,neg\nfine film,pos\npoor film,neg\n"), "tiny.csv");
        var job = await client.TrainAsync(new { datasetId = (string)dataset["id"]!, modelName = model });
        Assert.Equal("succeeded", (string?)job["status"]);
        return (client, accountId);
    }

    public async Task<(HttpClient Client, Guid AccountId)> DeveloperWithBalanceAsync(long micros)
    {
        var (client, accountId) = await OrganisationAsync("developer");
        await WithDbAsync(async db =>
        {
            db.Wallets.Add(new Wallet { AccountId = accountId, Currency = "USD", BalanceMicros = micros, UpdatedAt = Time.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        return (client, accountId);
    }

    public async Task<(HttpClient Client, Guid AccountId)> OrganisationAsync(string kind)
    {
        var client = CreateClientWithKey(await CreateAccountAsync(kind + "-" + Guid.NewGuid().ToString("N")[..6]));
        var accountId = Guid.Parse((string)(await client.GetJsonAsync("/v1/billing/balance"))["accountId"]!);
        return (client, accountId);
    }

    public static async Task<JsonNode> PredictAsync(HttpClient client, string model, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{model}/predict") { Content = JsonContent(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await (await client.SendAsync(request)).ReadJsonAsync(HttpStatusCode.OK);
    }

    public async Task<T> WithDbAsync<T>(Func<ModelMintDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ModelMintDbContext>());
    }

    public Task WithDbAsync(Func<ModelMintDbContext, Task> action) => WithDbAsync(async db =>
    {
        await action(db);
        return true;
    });

    public Task<List<InvoiceRecord>> InvoicesOfAsync(Guid accountId) =>
        WithDbAsync(db => db.Invoices.AsNoTracking().Where(i => i.AccountId == accountId).OrderBy(i => i.Number).ToListAsync());

    public static async Task<JsonNode> RunBillingAsync(HttpClient operatorClient, string period) =>
        await (await operatorClient.PostJsonAsync("/v1/admin/billing/run", new { period })).ReadJsonAsync(HttpStatusCode.OK);

    private static StringContent JsonContent(object body) => new(body.ToJson(), Encoding.UTF8, "application/json");
}
