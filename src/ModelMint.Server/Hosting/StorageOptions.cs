using System.ComponentModel.DataAnnotations;

namespace ModelMint.Server.Hosting;

/// <summary>Section <c>ModelMint</c>: where the embedded database, datasets and model files live.</summary>
public sealed class StorageOptions
{
    public const string Section = "ModelMint";

    /// <summary>The data folder; relative paths are resolved against the current directory. Default <c>./data</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";
}

/// <summary>
/// Resolved absolute locations inside the data folder and the artifacts folder. The one place that knows the folder
/// layout. Stored relative paths (datasets, model files) resolve against <see cref="ArtifactsRoot"/>: the data folder
/// on one node, a folder every node shares when scaled out (<c>Artifacts__Path</c>).
/// </summary>
public sealed class DataFolder
{
    public DataFolder(string root, string? artifactsRoot = null)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        ArtifactsRoot = string.IsNullOrWhiteSpace(artifactsRoot) ? Root : Path.GetFullPath(artifactsRoot);
        Directory.CreateDirectory(ArtifactsRoot);
    }

    /// <summary>This node's own folder: the SQLite database, the bootstrap key file, the file key ring.</summary>
    public string Root { get; }

    /// <summary>Where datasets and model files live; every node must see the same folder.</summary>
    public string ArtifactsRoot { get; }

    public string DatabasePath => Path.Combine(Root, "modelmint.db");

    public string BootstrapKeyPath => Path.Combine(Root, "bootstrap-key.txt");

    /// <summary>The Data Protection key ring: the master keys that protect stored secrets (webhook signing secrets).</summary>
    public string KeysPath => Path.Combine(Root, "keys");

    public string DatasetRelativePath(Guid accountId, Guid datasetId) =>
        Path.Combine("datasets", accountId.ToString("N"), datasetId.ToString("N") + ".csv");

    public string ModelRelativePath(Guid accountId, Guid versionId) =>
        Path.Combine("models", accountId.ToString("N"), versionId.ToString("N") + ".mmtc");

    /// <summary>Absolute path of a stored relative path; refuses anything that would escape the artifacts folder.</summary>
    public string Resolve(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(ArtifactsRoot, relativePath));
        if (!full.StartsWith(ArtifactsRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Stored path '{relativePath}' points outside the artifacts folder.");
        }

        return full;
    }

    /// <summary>Writes a file atomically: a temporary file in the same folder, flushed, then renamed into place.</summary>
    public async Task WriteAtomicallyAsync(string relativePath, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var target = Resolve(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await write(stream);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
