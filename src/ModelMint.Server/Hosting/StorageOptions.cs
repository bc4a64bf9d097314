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

/// <summary>Resolved absolute locations inside the data folder. The one place that knows the folder layout.</summary>
public sealed class DataFolder
{
    public DataFolder(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, "modelmint.db");

    public string BootstrapKeyPath => Path.Combine(Root, "bootstrap-key.txt");

    /// <summary>The Data Protection key ring: the master keys that protect stored secrets (webhook signing secrets).</summary>
    public string KeysPath => Path.Combine(Root, "keys");

    public string DatasetRelativePath(Guid accountId, Guid datasetId) =>
        Path.Combine("datasets", accountId.ToString("N"), datasetId.ToString("N") + ".csv");

    public string ModelRelativePath(Guid accountId, Guid versionId) =>
        Path.Combine("models", accountId.ToString("N"), versionId.ToString("N") + ".mmtc");

    /// <summary>Absolute path of a stored relative path; refuses anything that would escape the data folder.</summary>
    public string Resolve(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Stored path '{relativePath}' points outside the data folder.");
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
