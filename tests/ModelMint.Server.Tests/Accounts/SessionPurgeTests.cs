using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelMint.Data;
using ModelMint.Data.Accounts;
using ModelMint.Server.Accounts;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Accounts;

/// <summary>
/// Sign-in sessions that expired or were revoked more than <c>Accounts:SessionPurge:Retention</c> (7 days) ago are
/// deleted in bounded batches; younger ones and every program key (revoked ones stay for audit) are kept.
/// </summary>
public sealed class SessionPurgeTests(SessionPurgeTests.Factory factory) : IClassFixture<SessionPurgeTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-03-01T09:00:00Z", CultureInfo.InvariantCulture));

        public Factory()
        {
            Settings["Training:WorkerEnabled"] = "false";
            // The purge is driven by the test (the worker's logic is SessionPurge.DeleteEndedBeforeAsync).
            Settings["Accounts:SessionPurge:WorkerEnabled"] = "false";
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
        }
    }

    [Fact]
    public async Task EndedSessionsPastTheRetention_AreDeletedInBatches_ProgramKeysAndRecentSessionsStay()
    {
        var retention = factory.Services.GetRequiredService<IOptions<SessionPurgeOptions>>().Value.Retention;
        Assert.Equal(TimeSpan.FromDays(7), retention);
        var now = factory.Time.GetUtcNow();
        var day = TimeSpan.FromDays(1);
        var user = Guid.NewGuid();
        var keys = new Dictionary<string, (Guid? UserId, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)>
        {
            ["session-expired-8d"] = (user, now - (8 * day), null),
            ["session-revoked-8d"] = (user, now + day, now - (8 * day)),
            ["session-expired-30d"] = (user, now - (30 * day), null),
            ["session-expired-6d"] = (user, now - (6 * day), null),
            ["session-revoked-6d"] = (user, now + day, now - (6 * day)),
            ["session-live"] = (user, now + day, null),
            ["program-revoked-30d"] = (null, null, now - (30 * day)),
            ["program-expired-30d"] = (null, now - (30 * day), null),
            ["program-expired-and-revoked-30d"] = (null, now - (30 * day), now - (30 * day)),
            ["program-live"] = (null, null, null),
        };
        var ids = new Dictionary<string, Guid>();
        await WithDbAsync(async db =>
        {
            var accountId = await db.Accounts.Select(a => a.Id).FirstAsync();
            foreach (var (name, k) in keys)
            {
                var id = Guid.CreateVersion7();
                ids[name] = id;
                db.ApiKeys.Add(new ApiKey
                {
                    Id = id,
                    AccountId = accountId,
                    UserId = k.UserId,
                    Name = name,
                    Prefix = "mm_test",
                    Hash = Guid.NewGuid().ToString("N"),
                    CreatedAt = now - (40 * day),
                    ExpiresAt = k.ExpiresAt,
                    RevokedAt = k.RevokedAt,
                });
            }

            await db.SaveChangesAsync();
            return true;
        });

        var cutoff = now - retention;
        Assert.Equal(1, await WithDbAsync(db => SessionPurge.DeleteEndedBeforeAsync(db, cutoff, 1, CancellationToken.None)));
        Assert.Equal(2, await WithDbAsync(db => SessionPurge.DeleteEndedBeforeAsync(db, cutoff, 5, CancellationToken.None)));
        Assert.Equal(0, await WithDbAsync(db => SessionPurge.DeleteEndedBeforeAsync(db, cutoff, 5, CancellationToken.None)));

        var left = await WithDbAsync(db => db.ApiKeys.AsNoTracking().Where(k => ids.Values.Contains(k.Id)).Select(k => k.Name).ToListAsync());
        Assert.Equal(
            ["program-expired-30d", "program-expired-and-revoked-30d", "program-live", "program-revoked-30d", "session-expired-6d", "session-live", "session-revoked-6d"],
            left.Order(StringComparer.Ordinal));

        // The operator's program key still works.
        using var op = factory.CreateOperatorClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await op.GetAsync("/v1/account")).StatusCode);
    }

    private async Task<T> WithDbAsync<T>(Func<ModelMintDbContext, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ModelMintDbContext>());
    }
}
