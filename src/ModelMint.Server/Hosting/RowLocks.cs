using Microsoft.EntityFrameworkCore;
using ModelMint.Data;

namespace ModelMint.Server.Hosting;

/// <summary>
/// Row locks for rules that read and then write across several rows (the last owner of an organisation). SQLite
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
}
