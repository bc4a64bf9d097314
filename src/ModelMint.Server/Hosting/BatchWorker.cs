using ModelMint.Data;

namespace ModelMint.Server.Hosting;

/// <summary>
/// The one loop of the workers that drain a backlog a batch at a time (purges, credit expiry): run a batch in a fresh
/// scope; when <see cref="RunAgainAt"/> says so go again at once, otherwise wait the poll interval. A failed batch is
/// logged and retried after the interval. Time comes from <see cref="TimeProvider"/>.
/// </summary>
internal abstract class BatchWorker(IServiceScopeFactory scopes, TimeProvider time) : BackgroundService
{
    protected abstract TimeSpan PollInterval { get; }

    protected abstract int BatchSize { get; }

    /// <summary>Runs one batch at <paramref name="now"/>; returns how many items it handled (at most <see cref="BatchSize"/>).</summary>
    protected abstract Task<int> RunBatchAsync(ModelMintDbContext db, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Logs a batch that handled <paramref name="count"/> (&gt; 0) items.</summary>
    protected abstract void LogHandled(int count);

    protected abstract void LogFailed(Exception exception);

    /// <summary>Whether a batch that handled <paramref name="count"/> items may have left more: by default, a full one.</summary>
    protected virtual bool RunAgainAt(int count) => count >= BatchSize;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
                var count = await RunBatchAsync(db, time.GetUtcNow(), stoppingToken);
                if (count > 0)
                {
                    LogHandled(count);
                    if (RunAgainAt(count))
                    {
                        continue;
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }

            try
            {
                await Task.Delay(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
