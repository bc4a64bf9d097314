using ModelMint.Data;

namespace ModelMint.Server.Hosting;

/// <summary>Section <c>Database</c>: which database this node uses (<c>Database__Provider</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The name of the connection string (<c>ConnectionStrings__ModelMint</c>) used with PostgreSQL.</summary>
    public const string ConnectionStringName = "ModelMint";

    /// <summary><c>Sqlite</c> (default: an embedded file in the data folder, one node) or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// PostgreSQL with exactly one node: lets the node start without Redis (its rate limits and caches are then
    /// in-process). Every other PostgreSQL deployment needs <c>Redis__Configuration</c>, because a second node without
    /// shared counters would let through twice the limits and keep serving revoked keys.
    /// </summary>
    public bool SingleNode { get; set; }
}

/// <summary>Section <c>Redis</c>: the shared counters and notifications of a scaled-out deployment.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis configuration (<c>host:port,password=...</c>); empty on one node.</summary>
    public string? Configuration { get; set; }
}

/// <summary>Section <c>Artifacts</c>: where datasets and model files live (<c>Artifacts__Path</c>).</summary>
public sealed class ArtifactsOptions
{
    public const string Section = "Artifacts";

    /// <summary>
    /// A folder every node reads and writes (a shared mount: NFS, SMB, a cloud file share). Empty: the data folder,
    /// which is right for one node only.
    /// </summary>
    public string? Path { get; set; }
}

/// <summary>The deployment a node was configured for, read once at composition and checked before anything starts.</summary>
public sealed record ScaleOutSettings(DatabaseProvider Provider, string? PostgresConnectionString, string? RedisConfiguration, bool SingleNode)
{
    public bool UsesRedis => !string.IsNullOrWhiteSpace(RedisConfiguration);

    public static ScaleOutSettings From(IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        var scaleOut = new ScaleOutSettings(database.Provider, configuration.GetConnectionString(DatabaseOptions.ConnectionStringName), redis.Configuration, database.SingleNode);
        scaleOut.Validate();
        return scaleOut;
    }

    /// <summary>Refuses a configuration that would run but not be exact, with what to set instead.</summary>
    private void Validate()
    {
        if (Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            throw new InvalidOperationException(
                "Database__Provider is Postgres but ConnectionStrings__ModelMint is empty. Set it to an Npgsql connection string, " +
                "e.g. 'Host=db.internal;Port=5432;Database=modelmint;Username=modelmint;Password=...'.");
        }

        if (Provider == DatabaseProvider.Postgres && !UsesRedis && !SingleNode)
        {
            throw new InvalidOperationException(
                "Database__Provider is Postgres but Redis__Configuration is empty. Several nodes on one PostgreSQL database need Redis " +
                "for shared rate limits and cache invalidation; without it each node would let through its own limit and keep serving " +
                "revoked keys. Set Redis__Configuration (e.g. 'redis.internal:6379'), or, if this is the only node, set Database__SingleNode=true.");
        }

        if (Provider == DatabaseProvider.Sqlite && UsesRedis)
        {
            throw new InvalidOperationException(
                "Redis__Configuration is set but Database__Provider is Sqlite. An embedded SQLite file cannot be shared between nodes: " +
                "set Database__Provider=Postgres and ConnectionStrings__ModelMint to scale out, or unset Redis__Configuration.");
        }
    }
}
