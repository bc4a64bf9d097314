namespace ModelMint.Domain.Tests;

/// <summary>Finds the repository's shared data: <c>../shared/data</c> next to the folder holding ModelMint.slnx.</summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string PathOf(string relativePath) => Path.Combine(Root.Value, relativePath);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelMint.slnx")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data"));
            }
        }

        throw new DirectoryNotFoundException($"No ModelMint.slnx above {AppContext.BaseDirectory}.");
    }
}
