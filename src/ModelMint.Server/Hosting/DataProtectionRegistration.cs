using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using ModelMint.Data;

namespace ModelMint.Server.Hosting;

public static class DataProtectionRegistration
{
    public const string ApplicationName = "ModelMint";

    /// <summary>
    /// ASP.NET Core Data Protection. On SQLite (one node) the key ring lives in the data folder (<c>keys/</c>); on
    /// PostgreSQL it lives in the shared database (<c>data_protection_keys</c>), so a secret protected by one node
    /// (webhook signing secrets) can be read by every other node and by the next run. The key ring is as sensitive as
    /// the database: back them up together, and losing it makes stored secrets unreadable.
    /// </summary>
    public static WebApplicationBuilder AddModelMintDataProtection(this WebApplicationBuilder builder, ScaleOutSettings scaleOut)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        if (scaleOut.Provider == DatabaseProvider.Postgres)
        {
            dataProtection.PersistKeysToDbContext<ModelMintDbContext>();
            return builder;
        }

        // The data folder is known only once configuration is bound, hence options rather than PersistKeysToFileSystem.
        builder.Services.AddOptions<KeyManagementOptions>().Configure<DataFolder, ILoggerFactory>((options, folder, logs) =>
        {
            var keys = OperatingSystem.IsWindows()
                ? Directory.CreateDirectory(folder.KeysPath)
                : Directory.CreateDirectory(folder.KeysPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.XmlRepository = new FileSystemXmlRepository(keys, logs);
        });
        return builder;
    }
}
