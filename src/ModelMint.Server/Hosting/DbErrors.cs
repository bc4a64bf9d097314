using Microsoft.EntityFrameworkCore;

namespace ModelMint.Server.Hosting;

public static class DbErrors
{
    /// <summary>Whether a save failed on a unique index (SQLite and PostgreSQL wording).</summary>
    public static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true
        || e.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true;
}
