using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelMint.Data.Security;

/// <summary>
/// The ASP.NET Core Data Protection key ring, stored in the shared database on PostgreSQL so every node can read what
/// any node protected (webhook signing secrets). On SQLite (one node) the ring stays in the data folder's <c>keys/</c>.
/// </summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder) => builder.ToTable("data_protection_keys");
}
