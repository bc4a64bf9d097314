using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelMint.Data;

namespace ModelMint.Server.Hosting;

public static class DataRegistration
{
    /// <summary>The data folder, the embedded SQLite database, the clock and the key ring for stored secrets.</summary>
    public static WebApplicationBuilder AddModelMintData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new DataFolder(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory));
        builder.Services.AddDbContext<ModelMintDbContext>((sp, options) =>
        {
            var folder = sp.GetRequiredService<DataFolder>();
            // A busy timeout lets concurrent writers (API requests, the training worker) wait for the lock
            // instead of failing with SQLITE_BUSY.
            options.UseSqlite($"Data Source={folder.DatabasePath};Default Timeout=30;Pooling=True");
        });
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.AddModelMintDataProtection();
        return builder;
    }
}

/// <summary>Applies pending migrations before anything else serves requests.</summary>
internal sealed class DatabaseMigrator(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        // Write-ahead logging: readers never block the writer, and commits are durable with fewer fsyncs.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
