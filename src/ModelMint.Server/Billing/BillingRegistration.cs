using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ModelMint.Server.Billing;

public static class BillingRegistration
{
    /// <summary>Invoices, provider statements, the monthly worker and the ledger audit.</summary>
    public static WebApplicationBuilder AddModelMintBilling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddScoped<UsageRating>();
        builder.Services.TryAddScoped<PlanBilling>();
        builder.Services.TryAddScoped<PlanService>();
        builder.Services.TryAddSingleton<PlanQuotas>();
        builder.Services.TryAddScoped<InvoiceGenerator>();
        builder.Services.TryAddScoped<InvoiceService>();
        builder.Services.TryAddScoped<StatementGenerator>();
        builder.Services.TryAddScoped<BillingRunner>();
        builder.Services.TryAddScoped<LedgerAuditor>();
        builder.Services.AddOptions<CreditExpiryOptions>().BindConfiguration($"{BillingOptions.Section}:CreditExpiry").ValidateDataAnnotations().ValidateOnStart();
        if (builder.Configuration.GetValue($"{BillingOptions.Section}:CreditExpiry:WorkerEnabled", true))
        {
            builder.Services.AddHostedService<CreditExpiryWorker>();
        }

        if (builder.Configuration.GetValue($"{BillingOptions.Section}:{nameof(BillingOptions.WorkerEnabled)}", true))
        {
            builder.Services.AddHostedService<InvoiceWorker>();
        }

        return builder;
    }
}
