using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ModelMint.Server.Hosting;

public static class DataProtectionRegistration
{
    public const string ApplicationName = "ModelMint";

    /// <summary>
    /// ASP.NET Core Data Protection with its key ring in the data folder (<c>keys/</c>), so secrets protected by one
    /// run (webhook signing secrets) can be read by the next and by every node sharing the folder. The key ring is
    /// as sensitive as the database: back them up together, and losing it makes stored secrets unreadable.
    /// </summary>
    public static WebApplicationBuilder AddModelMintDataProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
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
