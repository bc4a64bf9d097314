using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelMint.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the server.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ModelMintDbContext>
{
    public ModelMintDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ModelMintDbContext>().UseSqlite("Data Source=design.db").Options);
}
