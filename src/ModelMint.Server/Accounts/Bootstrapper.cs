using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Accounts;
using ModelMint.Domain.Datasets;
using ModelMint.Server.Datasets;
using ModelMint.Server.Hosting;
using ModelMint.Server.Training;

namespace ModelMint.Server.Accounts;

/// <summary>
/// First start on an empty database: creates the operator account and its key, trains the demo model from the
/// dataset that ships with the server, and prints — once — the key and a curl that calls the model.
/// </summary>
public sealed class Bootstrapper(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    IServer server,
    DataFolder folder,
    TimeProvider time,
    ILogger<Bootstrapper> logger) : BackgroundService
{
    public const string KeyVariable = "MODELMINT_BOOTSTRAP_KEY";
    public const string DemoModelName = "demo-intents";
    public const string DemoText = "I was charged twice for my last order";

    private (Guid AccountId, string Secret)? created;

    /// <summary>
    /// Creates the operator before the server takes requests (hosted services start before it listens, after the
    /// database migrator), so the key works from the very first request; the demo model is trained in the background.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        created = await CreateOperatorAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (created is not { } key)
        {
            return;
        }

        Guid? demoJob = configuration.GetValue("Bootstrap:DemoModel", true) ? await StartDemoTrainingAsync(key.AccountId, stoppingToken) : null;
        await WaitForStartAsync(stoppingToken);
        var demoReady = demoJob is { } jobId && await WaitForJobAsync(jobId, stoppingToken);
        Console.Out.Write(Banner(key.Secret, demoReady));
        await Console.Out.FlushAsync(stoppingToken);
    }

    private async Task<(Guid AccountId, string Secret)?> CreateOperatorAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        // Nodes starting together on an empty shared database: one creates the operator, the others then find it.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RowLocks.SerializeFirstStartAsync(db, cancellationToken);
        if (await db.Accounts.AnyAsync(cancellationToken))
        {
            logger.LogInformation("Operator key: see {Path} (written at first start, on the node that made it)", folder.BootstrapKeyPath);
            return null;
        }

        var secret = configuration[KeyVariable];
        if (string.IsNullOrEmpty(secret))
        {
            secret = ApiKeySecrets.Generate();
        }
        else if (!ApiKeySecrets.IsWellFormed(secret))
        {
            throw new InvalidOperationException(
                $"{KeyVariable} is not a valid key: it must be '{ApiKeySecrets.Scheme}' followed by {ApiKeySecrets.RandomLength} letters and digits. Unset it to have one generated.");
        }

        var now = time.GetUtcNow();
        var account = new Account { Id = Guid.CreateVersion7(), Name = "operator", Role = "operator", CreatedAt = now };
        db.Accounts.Add(account);
        db.ApiKeys.Add(new ApiKey
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            Name = "bootstrap",
            Prefix = ApiKeySecrets.PrefixOf(secret),
            Hash = ApiKeySecrets.Hash(secret),
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await WriteKeyFileAsync(secret, cancellationToken);
        return (account.Id, secret);
    }

    private async Task WriteKeyFileAsync(string secret, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(folder.BootstrapKeyPath, options))
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(secret + "\n"), cancellationToken);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder.BootstrapKeyPath, UnixFileMode.UserRead);
        }
    }

    private async Task<Guid?> StartDemoTrainingAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Demo", "customer-messages.csv");
        if (!File.Exists(path))
        {
            logger.LogWarning("Demo dataset {Path} is missing; no demo model will be trained", path);
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var dataset = await scope.ServiceProvider.GetRequiredService<DatasetService>()
            .ImportAsync(accountId, "demo customer messages", DatasetFormat.Csv, await File.ReadAllBytesAsync(path, cancellationToken), cancellationToken);
        var (job, error) = await scope.ServiceProvider.GetRequiredService<TrainingService>()
            .EnqueueAsync(accountId, new CreateTrainingJobRequest(dataset.Id, DemoModelName, "auto", null, null, null, null), cancellationToken);
        if (error is not null)
        {
            throw new InvalidOperationException($"The demo training job was refused: {error.Detail}");
        }

        return job!.Id;
    }

    private async Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task.WaitAsync(cancellationToken);
    }

    private async Task<bool> WaitForJobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
                var job = await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken);
                if (TrainingJobStatus.IsTerminal(job.Status))
                {
                    if (job.Status != TrainingJobStatus.Succeeded)
                    {
                        logger.LogError("The demo model could not be trained: {Error}", job.Error);
                    }

                    return job.Status == TrainingJobStatus.Succeeded;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    private string Banner(string secret, bool demoReady)
    {
        var url = (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080")
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .TrimEnd('/');
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("================================================================================")
            .AppendLine($"ModelMint is ready at {url} (API reference: {url}/docs)")
            .AppendLine()
            .AppendLine("Operator API key (shown only this once; also saved, owner-read-only, in")
            .AppendLine($"{folder.BootstrapKeyPath}):")
            .AppendLine()
            .AppendLine($"MODELMINT_KEY={secret}")
            .AppendLine();
        if (demoReady)
        {
            text.AppendLine($"Call the demo model '{DemoModelName}':")
                .AppendLine()
                .AppendLine($"curl -s {url}/v1/models/{DemoModelName}/predict -H \"Authorization: Bearer {secret}\" -H \"Content-Type: application/json\" -d '{{\"text\":\"{DemoText}\"}}'")
                .AppendLine();
        }

        return text.AppendLine("================================================================================").ToString();
    }
}
