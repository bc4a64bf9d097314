using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Hosting;

/// <summary>
/// Every connection the app opens waits for a locked database in SQLite's own busy handler (which retries after a
/// millisecond or two), not in Microsoft.Data.Sqlite's fixed 150 ms retry: a connection reports its busy timeout, and a
/// write that meets another connection's short write transaction goes through once that one commits.
/// </summary>
public sealed class SqliteBusyTimeoutTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    [SqliteFact]
    public async Task Every_connection_waits_in_SQLites_busy_handler()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";
        Assert.Equal(30_000L, (long)(await command.ExecuteScalarAsync())!);

        // Another connection holds the write lock for a moment; this write waits for it instead of failing.
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection(db.Database.GetConnectionString());
        await other.OpenAsync();
        await using var lockIt = other.CreateCommand();
        lockIt.CommandText = "BEGIN IMMEDIATE;";
        await lockIt.ExecuteNonQueryAsync();
        var release = Task.Run(async () =>
        {
            await Task.Delay(50);
            await using var commit = other.CreateCommand();
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        });
        var updated = await db.Database.ExecuteSqlRawAsync("UPDATE accounts SET \"Name\" = \"Name\" WHERE 0;");
        await release;
        Assert.Equal(0, updated);
    }
}
