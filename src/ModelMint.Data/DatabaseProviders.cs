using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ModelMint.Data;

/// <summary>Which database a node uses (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded file in the data folder: one node.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by every node.</summary>
    Postgres,
}

/// <summary>The embedded database. Its migrations live in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteModelMintDbContext(DbContextOptions<SqliteModelMintDbContext> options) : ModelMintDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        // SQLite cannot compare or order DateTimeOffset stored as text; a sortable 64-bit form keeps queries in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
}

/// <summary>
/// The shared database of a scaled-out deployment. PostgreSQL orders and compares <c>timestamptz</c> natively, so no
/// converter. Its migrations live in <c>Migrations/Postgres</c>.
/// </summary>
public sealed class PostgresModelMintDbContext(DbContextOptions<PostgresModelMintDbContext> options) : ModelMintDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        // Text compares and sorts byte-wise ("C"), as SQLite's BINARY does, whatever locale the cluster was created
        // with: names, emails and keys order the same on both providers (a linguistic locale would ignore hyphens).
        configurationBuilder.Properties<string>().UseCollation("C");
}
