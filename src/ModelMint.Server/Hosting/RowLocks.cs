using Microsoft.EntityFrameworkCore;
using ModelMint.Data;

namespace ModelMint.Server.Hosting;

/// <summary>
/// Locks for rules that read and then write across several rows (the last owner of an organisation, the first
/// start). SQLite
/// serializes every write transaction (they begin IMMEDIATE), so nothing is needed there; PostgreSQL under READ
/// COMMITTED lets two transactions read the same count, so they first lock a row they both need.
/// </summary>
public static class RowLocks
{
    /// <summary>Holds the account's row until the current transaction ends; other writers that lock it wait.</summary>
    public static async Task LockAccountAsync(ModelMintDbContext db, Guid accountId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM accounts WHERE \"Id\" = {accountId} FOR UPDATE", cancellationToken);
        }
    }

    /// <summary>
    /// Serializes first-start work (creating the operator) across nodes until the current transaction ends: a
    /// transaction-scoped advisory lock on PostgreSQL; SQLite's write transactions are serialized already.
    /// </summary>
    public static async Task SerializeFirstStartAsync(ModelMintDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FirstStartLockKey})", cancellationToken);
        }
    }

    /// <summary>An arbitrary constant every ModelMint node agrees on ("MMfirstS" as ASCII).</summary>
    private const long FirstStartLockKey = 0x4D4D_6669_7273_7453;
}
