using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ModelMint.Server.Hosting;

public static class DbErrors
{
    /// <summary>Whether a save failed on a unique index or primary key (SQLite or PostgreSQL).</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => IsUniqueViolation((Exception)e);

    /// <summary>Whether <paramref name="e"/> or one of its inner exceptions is a unique-constraint violation.</summary>
    public static bool IsUniqueViolation(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case PostgresException postgres when postgres.SqlState == PostgresErrorCodes.UniqueViolation:
                // 19 is SQLITE_CONSTRAINT; the extended codes say which constraint (2067 unique, 1555 primary key).
                case SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether PostgreSQL aborted a transaction that is safe to run again as a whole: a deadlock between two nodes'
    /// transactions, or a serialization failure. SQLite serializes writers and raises neither.
    /// </summary>
    public static bool IsTransient(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure })
            {
                return true;
            }
        }

        return false;
    }
}
