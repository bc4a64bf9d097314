using System.ComponentModel.DataAnnotations;

namespace ModelMint.Server.Datasets;

/// <summary>Section <c>Datasets</c>: upload limits.</summary>
public sealed class DatasetOptions
{
    public const string Section = "Datasets";

    /// <summary>Largest accepted upload in bytes (the file itself). Default 50 MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    [Range(1, int.MaxValue)]
    public int MaxRows { get; set; } = 1_000_000;

    [Range(1, int.MaxValue)]
    public int MaxTextLength { get; set; } = 20_000;
}
