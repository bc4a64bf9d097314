using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Accounts;

/// <summary>A person who signs in with email and password; a member of one or more organisations.</summary>
public sealed class User
{
    public Guid Id { get; set; }
    /// <summary>Lower-cased and trimmed; unique.</summary>
    public required string Email { get; set; }
    /// <summary>An iterated, salted KDF hash (ASP.NET Core Identity's PasswordHasher format); never the password.</summary>
    public required string PasswordHash { get; set; }
    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
}

/// <summary>A user's membership of an organisation.</summary>
public sealed class Membership
{
    public Guid UserId { get; set; }
    public Guid AccountId { get; set; }
    /// <summary><c>owner</c> or <c>member</c>.</summary>
    public required string Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.Property(u => u.Email).HasMaxLength(254);
        builder.Property(u => u.PasswordHash).HasMaxLength(200);
        builder.HasIndex(u => u.Email).IsUnique();
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("memberships");
        builder.HasKey(m => new { m.UserId, m.AccountId });
        builder.Property(m => m.Role).HasMaxLength(16);
        builder.HasIndex(m => m.AccountId);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId);
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId);
    }
}
