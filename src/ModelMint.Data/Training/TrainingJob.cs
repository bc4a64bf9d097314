using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelMint.Data.Accounts;

namespace ModelMint.Data.Training;

/// <summary>
/// A training job; the table is the queue. A worker claims a queued row with a conditional update
/// (<see cref="Status"/> queued → running, setting <see cref="ClaimedBy"/>) and keeps <see cref="HeartbeatAt"/> fresh,
/// so a job whose worker died is recognisable by its stale heartbeat and can be re-queued or failed.
/// </summary>
public sealed class TrainingJob
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid DatasetId { get; set; }
    public Guid? TestDatasetId { get; set; }
    public double? TestFraction { get; set; }
    public required string ModelName { get; set; }
    public required string Trainer { get; set; }
    public required string ParametersJson { get; set; }
    public int Seed { get; set; }
    public required string Status { get; set; }
    public double Progress { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? HeartbeatAt { get; set; }
    public string? ClaimedBy { get; set; }
    public int Attempts { get; set; }
    public bool CancelRequested { get; set; }
    public string? MetricsJson { get; set; }
    /// <summary>JSON array of the trainer's curve points, rewritten by the heartbeat while the job runs.</summary>
    public string? CurveJson { get; set; }
    public int? ModelVersion { get; set; }
    public string? Error { get; set; }
}

internal sealed class TrainingJobConfiguration : IEntityTypeConfiguration<TrainingJob>
{
    public void Configure(EntityTypeBuilder<TrainingJob> builder)
    {
        builder.ToTable("training_jobs");
        builder.Property(j => j.ModelName).HasMaxLength(63);
        builder.Property(j => j.Trainer).HasMaxLength(64);
        builder.Property(j => j.Status).HasMaxLength(16);
        builder.Property(j => j.ClaimedBy).HasMaxLength(100);
        builder.Property(j => j.Error).HasMaxLength(4000);
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        builder.HasIndex(j => j.AccountId);
        builder.HasOne<Account>().WithMany().HasForeignKey(j => j.AccountId);
    }
}
