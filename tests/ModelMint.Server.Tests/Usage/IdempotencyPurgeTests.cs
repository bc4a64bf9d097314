using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelMint.Data.Usage;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Tests.Usage;

/// <summary>
/// Stored idempotent answers are deleted once older than <c>Usage:IdempotencyRetention</c> (24 h), in bounded
/// batches; within the retention a retry is still replayed, after it the key is refused rather than served unmetered.
/// </summary>
public sealed class IdempotencyPurgeTests(IdempotencyPurgeTests.Factory factory) : IClassFixture<IdempotencyPurgeTests.Factory>
{
    public sealed class Factory : BillingFactory
    {
        public Factory()
            : base(At("2026-05-01T00:00:00Z"))
        {
            // The purge is driven by the tests (the worker's logic is IdempotencyPurge.DeleteOlderThanAsync).
            Settings["Usage:IdempotencyPurge:WorkerEnabled"] = "false";
        }
    }

    private const string Model = BillingFactory.PerCallModel;

    [Fact]
    public async Task RecordsOlderThanTheRetention_AreDeletedInBoundedBatches_YoungerOnesStay()
    {
        var accountId = Guid.NewGuid();
        var now = factory.Time.GetUtcNow();
        var ages = new Dictionary<string, TimeSpan>
        {
            ["old-1"] = TimeSpan.FromHours(30),
            ["old-2"] = TimeSpan.FromHours(26),
            ["old-3"] = TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1),
            ["young-1"] = TimeSpan.FromHours(23),
            ["young-2"] = TimeSpan.Zero,
        };
        await factory.WithDbAsync(async db =>
        {
            db.IdempotencyRecords.AddRange(ages.Select(a => new IdempotencyRecord
            {
                AccountId = accountId,
                Key = a.Key,
                Fingerprint = new string('0', 64),
                StatusCode = 200,
                Body = Encoding.UTF8.GetBytes("{}"),
                CreatedAt = now - a.Value,
            }));
            await db.SaveChangesAsync();
        });

        var cutoff = now - TimeSpan.FromHours(24);
        Assert.Equal(2, await PurgeAsync(cutoff, 2));
        var passes = 1;
        while (await PurgeAsync(cutoff, 2) > 0)
        {
            passes++;
        }

        Assert.True(passes >= 2, "three old records in batches of two take at least two passes");
        var left = await factory.WithDbAsync(db => db.IdempotencyRecords.AsNoTracking().Where(r => r.AccountId == accountId).Select(r => r.Key).ToListAsync());
        Assert.Equal(["young-1", "young-2"], left.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARetryWithinTheRetention_IsReplayed_AfterItTheKeyIsRefusedAndNotMetered()
    {
        await factory.WaitForDemoModelAsync();
        using var op = factory.CreateOperatorClient();
        await BillingFactory.PublishAsync(op, Model, new { type = "per_call", currency = "USD", amount = "0.01" });
        var (client, accountId) = await factory.DeveloperWithBalanceAsync(1_000_000);
        var retention = factory.Services.GetRequiredService<IOptions<UsageOptions>>().Value.IdempotencyRetention;
        Assert.Equal(TimeSpan.FromHours(24), retention);
        var key = "retry-" + Guid.NewGuid().ToString("N");
        var body = new { text = "where is my refund" };

        var first = await BillingFactory.PredictAsync(client, Model, body, key);

        factory.Time.Advance(retention - TimeSpan.FromMinutes(1));
        await PurgeAsync(factory.Time.GetUtcNow() - retention, 1000);
        using (var retry = await SendAsync(client, body, key))
        {
            Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal(first.ToJsonString(), (await retry.ReadJsonAsync(HttpStatusCode.OK)).ToJsonString());
        }

        var events = await EventsAsync(accountId, key);
        Assert.True(events > 0);

        factory.Time.Advance(TimeSpan.FromMinutes(2));
        await PurgeAsync(factory.Time.GetUtcNow() - retention, 1000);
        Assert.False(await factory.WithDbAsync(db => db.IdempotencyRecords.AnyAsync(r => r.AccountId == accountId && r.Key == key)));
        using (var late = await SendAsync(client, body, key))
        {
            await late.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-expired");
        }

        Assert.Equal(events, await EventsAsync(accountId, key));
        // Charged once: for the first call only.
        Assert.Equal(990_000, await factory.WithDbAsync(db => db.Wallets.Where(w => w.AccountId == accountId).Select(w => w.BalanceMicros).SingleAsync()));

        // A new key is a new request, metered as usual.
        await BillingFactory.PredictAsync(client, Model, body, "retry-" + Guid.NewGuid().ToString("N"));
    }

    private Task<int> PurgeAsync(DateTimeOffset cutoff, int limit) =>
        factory.WithDbAsync(db => IdempotencyPurge.DeleteOlderThanAsync(db, cutoff, limit, CancellationToken.None));

    private Task<int> EventsAsync(Guid accountId, string key) =>
        factory.WithDbAsync(db => db.UsageEvents.CountAsync(e => e.AccountId == accountId && e.IdempotencyKey == key));

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{Model}/predict") { Content = new StringContent(body.ToJson(), Encoding.UTF8, "application/json") };
        request.Headers.Add(MeteringFilter.IdempotencyHeader, key);
        return client.SendAsync(request);
    }
}
