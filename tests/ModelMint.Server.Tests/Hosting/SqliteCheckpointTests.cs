using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Data.Usage;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Hosting;

/// <summary>
/// The write-ahead log is checkpointed by the background checkpointer, not by the commits: with it stopped (a long
/// interval) the log keeps everything written, far past SQLite's automatic 1,000-page checkpoint; with it running the
/// log is copied into the database and starts over, so it stays a fraction of what was written.
/// </summary>
public sealed class SqliteCheckpointTests
{
    private const int Transactions = 150;
    private const int EventsPerTransaction = 100;

    private static async Task<long> WriteAndMeasureLogAsync(string interval)
    {
        await using var factory = new ModelMintFactory();
        factory.Settings["Sqlite:CheckpointInterval"] = interval;
        using var operatorClient = factory.CreateOperatorClient();
        var accountId = Guid.Parse((string)(await factory.SignUpAsync())["organisation"]!["id"]!);
        for (var t = 0; t < Transactions; t++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.InsertRowsAsync(Enumerable.Range(0, EventsPerTransaction).Select(i => new UsageEvent
            {
                Id = Guid.CreateVersion7(),
                AccountId = accountId,
                KeyId = Guid.NewGuid(),
                IdempotencyKey = $"srv_{Guid.CreateVersion7():N}",
                Meter = "calls",
                Quantity = 1,
                ModelId = Guid.NewGuid(),
                ModelName = "checkpoint-test",
                ModelVersion = 1,
                ProviderAccountId = accountId,
                OccurredAt = DateTimeOffset.UtcNow,
            }).ToList());
            await transaction.CommitAsync();
            await Task.Delay(5);
        }

        await Task.Delay(500);
        return new FileInfo(Path.Combine(factory.DataDirectory, "modelmint.db-wal")).Length;
    }

    [SqliteFact]
    public async Task Commits_never_checkpoint_the_log_the_checkpointer_does()
    {
        const long automaticCheckpointAt = 1000 * 4096;
        var withoutCheckpointer = await WriteAndMeasureLogAsync("00:01:00");
        var withCheckpointer = await WriteAndMeasureLogAsync("00:00:00.020");

        Assert.True(withoutCheckpointer > 4 * automaticCheckpointAt, $"log of {withoutCheckpointer:N0} bytes without the checkpointer");
        Assert.True(withCheckpointer < withoutCheckpointer / 4, $"log of {withCheckpointer:N0} bytes with the checkpointer, {withoutCheckpointer:N0} without");
    }
}
