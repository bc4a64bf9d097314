using Microsoft.Extensions.Options;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>
/// A thin loop: once a month has ended (plus <see cref="BillingOptions.CloseAfter"/>, by the injected clock), bills
/// it with <see cref="BillingRunner"/> — drafts, finalize when <see cref="BillingOptions.AutoFinalize"/>, provider
/// statements. Every step is idempotent, so a restart, a second node or a manual run changes nothing; while drafts
/// remain (auto-finalize off) it keeps checking whether the statements can be written.
/// </summary>
public sealed class InvoiceWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<BillingOptions> options, ILogger<InvoiceWorker> logger) : BackgroundService
{
    private BillingPeriod? generated;
    private BillingPeriod? completed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Billing run failed; it is retried at the next poll");
            }

            await Task.Delay(options.Value.PollInterval, time, stoppingToken);
        }
    }

    private async Task RunDueAsync(CancellationToken cancellationToken)
    {
        var period = BillingMonth.Previous(time.GetUtcNow() - options.Value.CloseAfter);
        if (period == completed)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<BillingRunner>();
        int draftsRemaining;
        if (period != generated)
        {
            var result = await runner.RunAsync(period, options.Value.AutoFinalize, cancellationToken);
            generated = period;
            draftsRemaining = result.DraftsRemaining;
            logger.LogInformation(
                "Billed {Period}: {Created} invoice(s) created, {Finalized} finalized, {Statements} statement(s), {Drafts} draft(s) awaiting finalization",
                result.Period, result.InvoicesCreated, result.InvoicesFinalized, result.StatementsCreated, result.DraftsRemaining);
        }
        else
        {
            draftsRemaining = (await runner.WriteStatementsAsync(period, cancellationToken)).DraftsRemaining;
        }

        if (draftsRemaining == 0)
        {
            completed = period;
        }
    }
}
