using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Data.Datasets;
using ModelMint.Domain.Datasets;
using ModelMint.Server.Hosting;

namespace ModelMint.Server.Datasets;

/// <summary>Validates, stores and reads datasets. The file is written before the row, so a visible dataset always has its file.</summary>
public sealed class DatasetService(ModelMintDbContext db, DataFolder folder, TimeProvider time, IOptions<DatasetOptions> options)
{
    public DatasetLimits Limits => new() { MaxRows = options.Value.MaxRows, MaxTextLength = options.Value.MaxTextLength };

    /// <summary>Parses and stores a dataset. Throws <see cref="DatasetFormatException"/> for invalid content; nothing is stored then.</summary>
    public async Task<Dataset> ImportAsync(Guid accountId, string name, DatasetFormat format, byte[] content, CancellationToken cancellationToken)
    {
        var parsed = DatasetParser.Parse(content, format, Limits);
        var id = Guid.CreateVersion7();
        var path = folder.DatasetRelativePath(accountId, id);
        await folder.WriteAtomicallyAsync(path, stream => stream.WriteAsync(parsed.NormalizedContent, cancellationToken).AsTask(), cancellationToken);
        var dataset = new Dataset
        {
            Id = id,
            AccountId = accountId,
            Name = name,
            Format = format.ToString().ToLowerInvariant(),
            Rows = parsed.Rows.Count,
            MultiLabel = parsed.MultiLabel,
            LabelCountsJson = JsonSerializer.Serialize(parsed.LabelCounts),
            Digest = parsed.Digest,
            SizeBytes = parsed.NormalizedContent.Length,
            StoragePath = path,
            CreatedAt = time.GetUtcNow(),
        };
        db.Datasets.Add(dataset);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            File.Delete(folder.Resolve(path));
            throw;
        }

        return dataset;
    }

    public Task<Dataset?> FindAsync(Guid accountId, Guid id, CancellationToken cancellationToken) =>
        db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.AccountId == accountId, cancellationToken);

    public Task<List<Dataset>> ListAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Datasets.AsNoTracking().Where(d => d.AccountId == accountId).OrderByDescending(d => d.Id).ToListAsync(cancellationToken);

    /// <summary>Reads back the stored, normalised rows.</summary>
    public async Task<IReadOnlyList<DatasetRow>> ReadRowsAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(folder.Resolve(dataset.StoragePath), cancellationToken);
        return DatasetParser.Parse(bytes, DatasetFormat.Csv, Limits).Rows;
    }

    public static IReadOnlyDictionary<string, int> LabelCounts(Dataset dataset) =>
        JsonSerializer.Deserialize<SortedDictionary<string, int>>(dataset.LabelCountsJson, JsonSerializerOptions.Web)!;
}
