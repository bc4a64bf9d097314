using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelMint.Data;

// These let `dotnet ef migrations add --context ...` build each provider's context without a database or the server
// (eng/regenerate-migrations.sh). Neither opens a connection: the connection strings are never used to connect.

internal sealed class SqliteDesignTimeDbContextFactory : IDesignTimeDbContextFactory<SqliteModelMintDbContext>
{
    public SqliteModelMintDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteModelMintDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresModelMintDbContext>
{
    public PostgresModelMintDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresModelMintDbContext>().UseNpgsql("Host=localhost;Database=modelmint_design").Options);
}
