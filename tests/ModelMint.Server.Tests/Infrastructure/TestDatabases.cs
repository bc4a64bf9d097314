using Npgsql;

namespace ModelMint.Server.Tests.Infrastructure;

/// <summary>
/// The shared services the suite runs against when the environment names them: <c>MODELMINT_TEST_POSTGRES</c> (an
/// Npgsql connection string to a cluster where the tests may create databases) switches every
/// <see cref="ModelMintFactory"/> to PostgreSQL with a fresh database of its own; <c>MODELMINT_TEST_REDIS</c> (a
/// StackExchange.Redis configuration) is what the two-node tests share. Unset: SQLite, and the two-node tests skip.
/// </summary>
public static class TestDatabases
{
    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("MODELMINT_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    public static string? Redis => Environment.GetEnvironmentVariable("MODELMINT_TEST_REDIS") is { Length: > 0 } value ? value : null;

    public static bool UsePostgres => PostgresAdmin is not null;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreatePostgresDatabase()
    {
        var admin = PostgresAdmin ?? throw new InvalidOperationException("MODELMINT_TEST_POSTGRES is not set.");
        var name = "mm_test_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreatePostgresDatabase"/>, ending the server's pooled connections to it.</summary>
    public static void DropPostgresDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(PostgresAdmin);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}

/// <summary>A test that needs Redis: skipped, saying why, unless <c>MODELMINT_TEST_REDIS</c> is set (./test.sh sets it).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (TestDatabases.Redis is null)
        {
            Skip = "Needs Redis: set MODELMINT_TEST_REDIS (./test.sh starts one).";
        }
    }
}

/// <summary>A test of several nodes: skipped unless both <c>MODELMINT_TEST_POSTGRES</c> and <c>MODELMINT_TEST_REDIS</c> are set.</summary>
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public ScaleOutFactAttribute()
    {
        if (TestDatabases.Redis is null || TestDatabases.PostgresAdmin is null)
        {
            Skip = "Needs PostgreSQL and Redis: set MODELMINT_TEST_POSTGRES and MODELMINT_TEST_REDIS (./test.sh starts both).";
        }
    }
}

/// <summary>A test that needs PostgreSQL: skipped unless <c>MODELMINT_TEST_POSTGRES</c> is set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabases.PostgresAdmin is null)
        {
            Skip = "Needs PostgreSQL: set MODELMINT_TEST_POSTGRES (./test.sh starts one).";
        }
    }
}

/// <summary>A test of the embedded database itself: skipped in the PostgreSQL pass of ./test.sh (it runs in the SQLite pass).</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabases.UsePostgres)
        {
            Skip = "Tests the embedded SQLite database; this pass runs on PostgreSQL.";
        }
    }
}
