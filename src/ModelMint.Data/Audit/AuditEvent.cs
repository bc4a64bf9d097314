using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Audit;

/// <summary>
/// One change someone made (or tried to make: sign-ins that failed), who made it and from where. <see cref="AccountId"/>
/// is the organisation the change concerns, <see cref="ActorAccountId"/> the organisation that acted (the same, except
/// for the operator acting on another organisation); each sees the event in its log. Never holds secrets.
/// </summary>
public sealed class AuditEvent
{
    public Guid Id { get; set; }
    public Guid? AccountId { get; set; }
    public Guid? ActorAccountId { get; set; }
    public Guid? ActorUserId { get; set; }
    public Guid? ActorKeyId { get; set; }
    public string? ActorAddress { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    /// <summary>A small JSON object of what changed (never a secret), or null.</summary>
    public string? DetailsJson { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Target).HasMaxLength(300);
        builder.Property(e => e.ActorAddress).HasMaxLength(64);
        builder.HasIndex(e => new { e.AccountId, e.Id });
        builder.HasIndex(e => new { e.ActorAccountId, e.Id });
    }
}
