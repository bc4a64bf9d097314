using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ModelMint.Server.Hosting;

/// <summary>
/// Sets SQLite's own busy timeout on every connection the app opens. Without it a write that finds the database
/// locked (another connection's short write: a worker, an API request) fails at once and
/// Microsoft.Data.Sqlite retries it after a fixed 150 ms sleep, so a usage group commit that met such a write held
/// every request waiting on it for 150 ms (the p99 of bench/serving at half load). SQLite's handler retries after
/// 1, 2, 5, 10 ms and so on, so the wait is about as long as the other write.
/// </summary>
internal sealed class SqliteBusyTimeout(TimeSpan timeout) : DbConnectionInterceptor
{
    private readonly string pragma = $"PRAGMA busy_timeout={(long)timeout.TotalMilliseconds};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        command.ExecuteNonQuery();
    }
}
