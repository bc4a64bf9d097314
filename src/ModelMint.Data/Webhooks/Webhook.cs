using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelMint.Data.Accounts;

namespace ModelMint.Data.Webhooks;

/// <summary>Where an organisation wants to be told about events, with the secret its deliveries are signed with.</summary>
public sealed class WebhookEndpoint
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string Url { get; set; }
    /// <summary>The signing secret, protected at rest (ASP.NET Core Data Protection); shown to the owner once.</summary>
    public required string ProtectedSecret { get; set; }
    /// <summary>JSON array of event types, e.g. ["invoice.finalized","usage.threshold","balance.low"].</summary>
    public required string EventsJson { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One event for one endpoint, retried with backoff until delivered or given up; every attempt is kept.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid EndpointId { get; set; }
    public Guid AccountId { get; set; }
    public required string EventType { get; set; }
    /// <summary>Identifies the event (e.g. invoice id + type) so the same event is enqueued once.</summary>
    public required string EventKey { get; set; }
    public required string PayloadJson { get; set; }
    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c>.</summary>
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("webhook_endpoints");
        builder.Property(e => e.Url).HasMaxLength(2000);
        builder.Property(e => e.ProtectedSecret).HasMaxLength(1000);
        builder.Property(e => e.EventsJson).HasMaxLength(1000);
        builder.HasIndex(e => e.AccountId);
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.EventKey).HasMaxLength(200);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.EndpointId, d.EventKey }).IsUnique();
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId);
    }
}
