using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data.Accounts;
using ModelMint.Data.Billing;
using ModelMint.Data.Datasets;
using ModelMint.Data.Gateway;
using ModelMint.Data.Marketplace;
using ModelMint.Data.Models;
using ModelMint.Data.Training;
using ModelMint.Data.Usage;
using ModelMint.Data.Webhooks;

namespace ModelMint.Data;

/// <summary>
/// The system of record. One configuration class per entity lives beside the entity. Abstract: a node uses the
/// subclass of its provider (<see cref="SqliteModelMintDbContext"/>, <see cref="PostgresModelMintDbContext"/>), which
/// carries that provider's conventions and owns that provider's migrations; features depend on this type only.
/// </summary>
public abstract class ModelMintDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<TrainingJob> TrainingJobs => Set<TrainingJob>();
    public DbSet<Model> Models => Set<Model>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<ModelAlias> ModelAliases => Set<ModelAlias>();
    public DbSet<ModelRoute> ModelRoutes => Set<ModelRoute>();
    public DbSet<Audit.AuditEvent> AuditEvents => Set<Audit.AuditEvent>();
    public DbSet<ShadowComparison> ShadowComparisons => Set<ShadowComparison>();
    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();
    public DbSet<UsageRollup> UsageRollups => Set<UsageRollup>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<ModelListing> ModelListings => Set<ModelListing>();
    public DbSet<PriceBound> PriceBounds => Set<PriceBound>();
    public DbSet<Wallet> Wallets => Set<Wallet>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<RedemptionCode> RedemptionCodes => Set<RedemptionCode>();
    public DbSet<CreditLot> CreditLots => Set<CreditLot>();
    public DbSet<SpendCap> SpendCaps => Set<SpendCap>();
    public DbSet<SpendCounter> SpendCounters => Set<SpendCounter>();
    public DbSet<OutcomeCharge> OutcomeCharges => Set<OutcomeCharge>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<PlanAllowance> PlanAllowances => Set<PlanAllowance>();
    public DbSet<PlanSubscription> PlanSubscriptions => Set<PlanSubscription>();
    public DbSet<PlanQuotaCounter> PlanQuotaCounters => Set<PlanQuotaCounter>();
    public DbSet<InvoiceCreditRecord> InvoiceCredits => Set<InvoiceCreditRecord>();
    public DbSet<InvoiceRecord> Invoices => Set<InvoiceRecord>();
    public DbSet<InvoiceLineRecord> InvoiceLines => Set<InvoiceLineRecord>();
    public DbSet<ProviderStatementRecord> ProviderStatements => Set<ProviderStatementRecord>();
    public DbSet<PlatformSetting> PlatformSettings => Set<PlatformSetting>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<GatewayChannel> GatewayChannels => Set<GatewayChannel>();
    public DbSet<GatewayModel> GatewayModels => Set<GatewayModel>();
    public DbSet<GatewayCall> GatewayCalls => Set<GatewayCall>();

    /// <summary>The Data Protection key ring when several nodes share the database (PostgreSQL).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ModelMintDbContext).Assembly);
}
