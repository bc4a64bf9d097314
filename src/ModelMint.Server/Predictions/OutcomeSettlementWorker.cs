using Microsoft.Extensions.Options;

namespace ModelMint.Server.Predictions;

/// <summary>A thin loop: every poll interval, settle the outcome-priced charges whose feedback window closed.</summary>
internal sealed class OutcomeSettlementWorker(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<OutcomeOptions> options, ILogger<OutcomeSettlementWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var settled = await scope.ServiceProvider.GetRequiredService<OutcomeService>().SettleDueAsync(options.Value.BatchSize, stoppingToken);
                if (settled > 0)
                {
                    logger.LogInformation("Settled {Count} outcome-priced call(s) whose feedback window closed", settled);
                    continue;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Settling outcome-priced calls failed; retrying after the poll interval");
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
