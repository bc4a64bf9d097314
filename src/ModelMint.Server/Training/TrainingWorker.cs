using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ModelMint.Server.Training;

/// <summary>Wakes the worker when a job is enqueued on this node, instead of waiting for the next poll.</summary>
public sealed class TrainingSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await channel.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>A thin loop: recover orphaned jobs, claim the next queued one, run it; sleep until signalled or polled.</summary>
internal sealed class TrainingWorker(IServiceScopeFactory scopes, TrainingSignal signal, IOptions<TrainingOptions> options, ILogger<TrainingWorker> logger) : BackgroundService
{
    private readonly string workerId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOneAsync(stoppingToken))
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be briefly unavailable; keep the worker alive and try again on the next tick.
                logger.LogError(e, "Training worker iteration failed");
            }

            await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    private async Task<bool> RunOneAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<TrainingQueue>();
        var recovered = await queue.RecoverOrphansAsync(stoppingToken);
        if (recovered > 0)
        {
            logger.LogWarning("Recovered {Count} orphaned training job(s)", recovered);
        }

        var job = await queue.ClaimNextAsync(workerId, stoppingToken);
        if (job is null)
        {
            return false;
        }

        logger.LogInformation("Training job {JobId} ({Trainer}) for model {Model} started", job.Id, job.Trainer, job.ModelName);
        await scope.ServiceProvider.GetRequiredService<TrainingRunner>().RunAsync(job, workerId, stoppingToken);
        return true;
    }
}
