using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Webhooks;

/// <summary>
/// Watches usage without slowing it: the usage recorder hands it the wallets it debited and the organisations whose
/// monthly limits (plan quotas, spend caps) the calls counted against (after commit, a channel write), and this worker
/// evaluates their thresholds in the background (<see cref="BalanceThresholdEvaluator"/>,
/// <see cref="LimitThresholdEvaluator"/>). Evaluation looks at the state rather than at single calls, so the calls of
/// one <see cref="WebhookOptions.ThresholdInterval"/> are evaluated once: under load each wallet is read about once a
/// second (by default) instead of after every group commit.
/// </summary>
public sealed class BalanceThresholdWorker(IServiceScopeFactory scopes, IOptions<WebhookOptions> options, TimeProvider time, ILogger<BalanceThresholdWorker> logger)
    : BackgroundService, IUsageObserver
{
    // A null currency stands for "this organisation's monthly limits".
    private readonly Channel<(Guid AccountId, string? Currency)> debited =
        Channel.CreateUnbounded<(Guid, string?)>(new UnboundedChannelOptions { SingleReader = true });

    public void OnCommitted(IReadOnlyList<UsageRecord> committed)
    {
        foreach (var record in committed)
        {
            if (record.Charge is { AmountMicros: > 0 } charge)
            {
                debited.Writer.TryWrite((charge.PayerAccountId, charge.Currency));
                debited.Writer.TryWrite((charge.PayerAccountId, null));
            }
            else if (record.Quota is { } quota)
            {
                debited.Writer.TryWrite((quota.AccountId, null));
            }
            else if (record.MonthlyRated is { } rated)
            {
                // Counted on the spend cap, not taken from a wallet.
                debited.Writer.TryWrite((rated.PayerAccountId, null));
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wallets = new HashSet<(Guid, string?)>();
        try
        {
            while (await debited.Reader.WaitToReadAsync(stoppingToken))
            {
                wallets.Clear();
                while (debited.Reader.TryRead(out var wallet))
                {
                    wallets.Add(wallet);
                }

                foreach (var (accountId, currency) in wallets)
                {
                    await EvaluateAsync(accountId, currency, stoppingToken);
                }

                if (options.Value.ThresholdInterval > TimeSpan.Zero)
                {
                    await Task.Delay(options.Value.ThresholdInterval, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task EvaluateAsync(Guid accountId, string? currency, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (currency is null)
            {
                await scope.ServiceProvider.GetRequiredService<LimitThresholdEvaluator>().EvaluateAsync(accountId, stoppingToken);
            }
            else
            {
                await scope.ServiceProvider.GetRequiredService<BalanceThresholdEvaluator>().EvaluateAsync(accountId, currency, stoppingToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The next paid call on this wallet evaluates it again; events are keyed, so nothing is sent twice.
            logger.LogError(e, "Evaluating thresholds of account {AccountId} ({Currency}) failed", accountId, currency ?? "monthly limits");
        }
    }
}
