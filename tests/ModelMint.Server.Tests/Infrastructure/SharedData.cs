namespace ModelMint.Server.Tests.Infrastructure;

/// <summary>Locates the repository and the shared datasets that sit beside it (<c>../shared/data</c>).</summary>
public static class SharedData
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([RepositoryRoot, "..", "shared", "data", .. parts]);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ModelMint.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ModelMint.slnx not found above " + AppContext.BaseDirectory);
    }
}
