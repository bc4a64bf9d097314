using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Server.Accounts;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Usage;

/// <summary>
/// The real server is killed with SIGKILL in the middle of a stream of calls. Afterwards every call that got a 2xx
/// has exactly one usage event, and a call that failed, retried with its Idempotency-Key after the restart, is
/// answered and billed exactly once in total.
/// </summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "modelmint-crash", Guid.NewGuid().ToString("N"));
    private readonly string key = ApiKeySecrets.Generate();

    [Fact]
    public async Task KillDuringLoad_LosesNoBilledCall_AndBillsNothingTwice()
    {
        var environment = new Dictionary<string, string?> { [Bootstrapper.KeyVariable] = key };
        var outcomes = new ConcurrentDictionary<string, bool>();
        foreach (var killAfter in new[] { TimeSpan.FromMilliseconds(700), TimeSpan.FromMilliseconds(1500) })
        {
            await using var server = ServerProcess.Start(dataDirectory, environment);
            var address = await server.WaitForAddressAsync(TimeSpan.FromMinutes(2));
            await WaitForDemoModelAsync(address);
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, 8).Select(worker => Task.Run(() => CallUntilStoppedAsync(address, $"{killAfter.TotalMilliseconds}-{worker}", outcomes, stop.Token))).ToList();
            await Task.Delay(killAfter);
            await server.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        Assert.Contains(outcomes, o => o.Value);
        var failed = outcomes.Where(o => !o.Value).Select(o => o.Key).ToList();
        await using (var server = ServerProcess.Start(dataDirectory, environment))
        {
            var address = await server.WaitForAddressAsync(TimeSpan.FromMinutes(2));
            using var client = Client(address);
            foreach (var idempotencyKey in failed)
            {
                var retried = await PredictAsync(client, idempotencyKey, CancellationToken.None);
                Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
            }
        }

        var options = new DbContextOptionsBuilder<SqliteModelMintDbContext>().UseSqlite($"Data Source={Path.Combine(dataDirectory, "modelmint.db")};Pooling=False").Options;
        await using var db = new SqliteModelMintDbContext(options);
        var events = await db.UsageEvents.Where(e => e.Meter == "calls" && e.ModelName == Bootstrapper.DemoModelName).Select(e => e.IdempotencyKey).ToListAsync();
        var perKey = events.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(outcomes.Keys, k => Assert.True(perKey.GetValueOrDefault(k) == 1, $"call {k} has {perKey.GetValueOrDefault(k)} usage events"));
        Assert.Equal(outcomes.Count, events.Count);
    }

    private async Task CallUntilStoppedAsync(Uri address, string worker, ConcurrentDictionary<string, bool> outcomes, CancellationToken stop)
    {
        using var client = Client(address);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var idempotencyKey = $"crash-{worker}-{i}";
            try
            {
                var response = await PredictAsync(client, idempotencyKey, CancellationToken.None);
                outcomes[idempotencyKey] = response.StatusCode == HttpStatusCode.OK;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                outcomes[idempotencyKey] = false;
                return;
            }
        }
    }

    private HttpClient Client(Uri address)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<HttpResponseMessage> PredictAsync(HttpClient client, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/models/{Bootstrapper.DemoModelName}/predict")
        {
            Content = new StringContent("{\"text\":\"I was charged twice for my order\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request, cancellationToken);
    }

    private async Task WaitForDemoModelAsync(Uri address)
    {
        using var client = Client(address);
        for (var i = 0; i < 600; i++)
        {
            var response = await client.GetAsync(new Uri($"v1/models/{Bootstrapper.DemoModelName}", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the demo model never appeared");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
