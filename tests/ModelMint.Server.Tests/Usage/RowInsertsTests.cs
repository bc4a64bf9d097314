using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Data.Billing;
using ModelMint.Data.Usage;
using ModelMint.Server.Billing;
using ModelMint.Server.Hosting;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Usage;

/// <summary>
/// The group commit's multi-row inserts (<see cref="RowInserts"/>) write rows that read back through EF exactly as
/// <c>SaveChanges</c> would have written them (keys, converted times, nulls, bytes), in statements of every size a batch
/// splits into, inside the caller's transaction, and a clash is the provider's unique violation. Runs on SQLite and,
/// in the PostgreSQL pass of test.sh, on PostgreSQL.
/// </summary>
public sealed class RowInsertsTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    private static UsageEvent Event(Guid account, int i, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(),
        AccountId = account,
        KeyId = Guid.NewGuid(),
        IdempotencyKey = $"srv_{i:D4}",
        Meter = i % 2 == 0 ? "calls" : "characters",
        Quantity = 1_000_000_000_000L + i,
        ModelId = Guid.NewGuid(),
        ModelName = "model-" + i,
        ModelVersion = i,
        ProviderAccountId = Guid.NewGuid(),
        OccurredAt = at.AddMilliseconds(i * 7),
        ChargedMicros = i * 3,
        Currency = i % 3 == 0 ? null : "USD",
    };

    // Usage events reference their organisation.
    private async Task<Guid> AccountAsync() => Guid.Parse((string)(await factory.SignUpAsync())["organisation"]!["id"]!);

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(3000)]
    public async Task Inserted_rows_read_back_equal_through_EF(int count)
    {
        var account = await AccountAsync();
        var at = new DateTimeOffset(2026, 11, 29, 10, 11, 12, TimeSpan.Zero).AddMilliseconds(123); // SQLite keeps times to 0.1 ms, PostgreSQL to 1 µs
        var events = Enumerable.Range(0, count).Select(i => Event(account, i, at)).ToList();
        var ledger = Books.Movement((account, Books.Wallet), (Guid.NewGuid(), Books.ProviderEarnings), 123_456, "EUR", "usage", "srv_x", at);
        var record = new IdempotencyRecord { AccountId = account, Key = "client-key", Fingerprint = new string('a', 64), StatusCode = 201, Body = [0, 1, 2, 255], CreatedAt = at };

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.InsertRowsAsync(events);
            await db.InsertRowsAsync(ledger);
            await db.InsertRowsAsync([record]);
            await transaction.CommitAsync();
        }

        await using var read = factory.Services.CreateAsyncScope();
        var stored = read.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var back = await stored.UsageEvents.AsNoTracking().Where(e => e.AccountId == account).OrderBy(e => e.IdempotencyKey).ToListAsync();
        Assert.Equal(count, back.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equivalent(events[i], back[i], strict: true);
        }

        // Converted columns still compare in SQL (DateTimeOffset is a sortable 64-bit number on SQLite).
        Assert.Equal(count, await stored.UsageEvents.CountAsync(e => e.AccountId == account && e.OccurredAt >= at));
        var entries = await stored.LedgerEntries.AsNoTracking().Where(e => e.TransactionId == ledger[0].TransactionId).OrderBy(e => e.Side).ToListAsync();
        Assert.Equivalent(ledger.OrderBy(e => e.Side, StringComparer.Ordinal), entries, strict: true);
        var idempotency = await stored.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.AccountId == account);
        Assert.Equivalent(record, idempotency, strict: true);
    }

    [Fact]
    public async Task A_clash_is_a_unique_violation_and_the_transaction_writes_nothing()
    {
        var account = await AccountAsync();
        var at = DateTimeOffset.UnixEpoch.AddYears(56);
        var first = Event(account, 1, at);
        var clash = Event(account, 1, at);
        clash.Meter = first.Meter; // same (account, idempotency key, meter): the unique index refuses it

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(() => db.InsertRowsAsync([first, Event(account, 2, at), clash]));
            Assert.True(DbErrors.IsUniqueViolation(e), e.ToString());
        }

        Assert.False(await db.UsageEvents.AnyAsync(e => e.AccountId == account));
    }

    [Fact]
    public async Task A_store_value_in_raw_SQL_reads_back_through_EF()
    {
        var account = await AccountAsync();
        var updatedAt = new DateTimeOffset(2026, 11, 29, 11, 45, 0, TimeSpan.Zero).AddMilliseconds(250);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
            db.Wallets.Add(new Wallet { AccountId = account, Currency = "JPY", BalanceMicros = 5, UpdatedAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync();
            Assert.Equal(1, await db.Database.ExecuteSqlAsync(
                $"UPDATE wallets SET \"UpdatedAt\" = {db.StoreValue<Wallet>(nameof(Wallet.UpdatedAt), updatedAt)} WHERE \"AccountId\" = {account} AND \"Currency\" = {"JPY"}"));
        }

        await using var read = factory.Services.CreateAsyncScope();
        var stored = read.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        Assert.Equal(updatedAt, (await stored.Wallets.AsNoTracking().SingleAsync(w => w.AccountId == account && w.Currency == "JPY")).UpdatedAt);
        Assert.True(await stored.Wallets.AnyAsync(w => w.AccountId == account && w.UpdatedAt > updatedAt.AddTicks(-1)));
    }
}
