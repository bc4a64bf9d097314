using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ModelMint.Server.Hosting;

/// <summary>Section <c>Sqlite</c>: the embedded database's write-ahead log.</summary>
public sealed class SqliteOptions
{
    public const string Section = "Sqlite";

    /// <summary>
    /// How often <see cref="SqliteCheckpointer"/> copies the write-ahead log into the database file. Shorter keeps the
    /// log smaller; each run costs one pass over the pages written since the last.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>
/// Turns SQLite's automatic checkpoint off on every connection the app opens. Left on, the connection whose commit
/// takes the log past 1,000 pages copies it into the database file and syncs that file inside its commit: at a few
/// thousand metered calls a second that is the usage group commit, several times a second, and every request waiting
/// on it waits for the checkpoint too (the p99 of bench/serving). <see cref="SqliteCheckpointer"/> does it instead.
/// </summary>
internal sealed class SqliteCheckpointInterceptor : DbConnectionInterceptor
{
    public const string DisableAutomaticCheckpoints = "PRAGMA wal_autocheckpoint=0;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Disable(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Disable(connection);
        return Task.CompletedTask;
    }

    private static void Disable(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = DisableAutomaticCheckpoints;
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// Checkpoints the embedded database's write-ahead log from its own connection every
/// <see cref="SqliteOptions.CheckpointInterval"/>, off every request's path. A <c>PASSIVE</c> checkpoint waits for no
/// reader or writer: commits go on appending to the log while it copies, and the log starts over from its beginning
/// once everything in it has been copied. Durability does not depend on it: a commit is on disk in the log
/// (synchronous=FULL) before it returns.
/// </summary>
internal sealed class SqliteCheckpointer(DataFolder folder, IOptions<SqliteOptions> options, TimeProvider time, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection($"Data Source={folder.DatabasePath};Default Timeout=30;Pooling=False");
        try
        {
            // One delay per round rather than a periodic timer: a clock moved forward by a month (tests of billing
            // periods) gives one round, not one per interval of the month.
            while (true)
            {
                await Task.Delay(options.Value.CheckpointInterval, time, stoppingToken);
                try
                {
                    await CheckpointAsync(connection, "PASSIVE", stoppingToken);
                }
                catch (SqliteException e)
                {
                    // The next tick tries again; commits are unaffected, the log only grows meanwhile.
                    logger.LogWarning(e, "Checkpointing the SQLite write-ahead log failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static async Task CheckpointAsync(SqliteConnection connection, string mode, CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
