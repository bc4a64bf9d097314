using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using Npgsql;

namespace ModelMint.Server.Hosting;

public static class DataRegistration
{
    /// <summary>
    /// The data folder, the database of the configured provider (embedded SQLite by default, or a shared PostgreSQL),
    /// the clock and the key ring for stored secrets.
    /// </summary>
    public static WebApplicationBuilder AddModelMintData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ArtifactsOptions>().BindConfiguration(ArtifactsOptions.Section);
        var scaleOut = ScaleOutSettings.From(builder.Configuration);
        builder.Services.AddSingleton(scaleOut);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new DataFolder(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory, sp.GetRequiredService<IOptions<ArtifactsOptions>>().Value.Path));
        // Pooled contexts: a request (every metered call authenticates and meters through one) rents a reset context
        // instead of constructing one, and the options are built once. The contexts keep no state of their own.
        if (scaleOut.Provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDbContextPool<ModelMintDbContext, PostgresModelMintDbContext>(options => options.UseNpgsql(scaleOut.PostgresConnectionString));
        }
        else
        {
            builder.Services.AddDbContextPool<ModelMintDbContext, SqliteModelMintDbContext>((sp, options) =>
            {
                var folder = sp.GetRequiredService<DataFolder>();
                // Concurrent writers (the usage group commit, API requests, workers) wait for the lock in SQLite's
                // own busy handler (SqliteBusyTimeout) instead of failing with SQLITE_BUSY.
                options.UseSqlite($"Data Source={folder.DatabasePath};Default Timeout=30;Pooling=True")
                    .AddInterceptors(new SqliteBusyTimeout(TimeSpan.FromSeconds(30)));
            });
        }

        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.AddModelMintDataProtection(scaleOut);
        return builder;
    }
}

/// <summary>
/// Applies pending migrations before anything else serves requests. On PostgreSQL several nodes may start at once:
/// the database is created if missing (tolerating a node that created it first), and migrations run under a
/// session-level advisory lock, so one node migrates while the others wait and then find nothing pending. (EF Core 9+
/// also locks the history table inside <c>Migrate</c>; the advisory lock covers creating that table too.)
/// </summary>
internal sealed class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    /// <summary>An arbitrary constant every ModelMint node agrees on ("MMigrate" as ASCII).</summary>
    private const long MigrationLockKey = 0x4D4D_6967_7261_7465;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        if (!db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync(cancellationToken);
            // Write-ahead logging: readers never block the writer, and commits are durable with fewer fsyncs.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            return;
        }

        await CreatePostgresDatabaseAsync(db, cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                // On a fresh database there is no history table yet; asking for pending migrations would log a failed query.
                var pending = await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken)
                    ? (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList()
                    : db.Database.GetMigrations().ToList();
                if (pending.Count > 0)
                {
                    logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                    await db.Database.MigrateAsync(cancellationToken);
                }

                EnsureDataProtectionKey();
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The shared key ring gets its first key here, under the lock, so nodes starting together on an empty database
    /// agree on one key instead of each creating its own on first use (a secret protected with a key another node has
    /// not loaded yet could not be read there until its key ring refreshes).
    /// </summary>
    private void EnsureDataProtectionKey()
    {
        var keys = services.GetRequiredService<IKeyManager>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
        {
            keys.CreateNewKey(now, now.AddDays(90));
        }
    }

    private static async Task CreatePostgresDatabaseAsync(ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another node created it between the check and the create.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
