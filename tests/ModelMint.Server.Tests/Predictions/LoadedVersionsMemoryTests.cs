using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Server.Accounts;
using ModelMint.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ModelMint.Server.Tests.Predictions;

/// <summary>
/// The real server with 20 loaded versions of a banking77 model (77 intents, trained by <c>auto</c>): its resident
/// memory stays under 1 GiB. The first version is trained through the API; the other 19 are registered in the database
/// as copies of its artifact, each in its own file, so each is loaded separately like any other version.
/// </summary>
public sealed class LoadedVersionsMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const string Model = "banking77";
    private const int Versions = 20;
    private const long Limit = 1L << 30;
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "modelmint-memory", Guid.NewGuid().ToString("N"));
    private readonly string key = ApiKeySecrets.Generate();

    [Fact]
    public async Task Twenty_loaded_banking77_versions_stay_under_one_GiB_resident()
    {
        var environment = new Dictionary<string, string?> { [Bootstrapper.KeyVariable] = key, ["Bootstrap__DemoModel"] = "false" };
        await using var server = ServerProcess.Start(dataDirectory, environment);
        var address = await server.WaitForAddressAsync(TimeSpan.FromMinutes(2));
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var dataset = await client.UploadOkAsync(await File.ReadAllBytesAsync(SharedData.Path("banking77", "train.csv")), "banking77-train.csv");
        var job = await client.TrainAsync(new { datasetId = (string)dataset["id"]!, modelName = Model, trainer = "auto", seed = 1 }, TimeSpan.FromMinutes(5));
        Assert.True((string?)job["status"] == "succeeded", job.ToJsonString());
        var artifactBytes = await AddCopiesAsync(Versions - 1);

        var texts = File.ReadLines(SharedData.Path("banking77", "test.csv")).Skip(1).Take(8).Select(l => l[..l.LastIndexOf(',')].Trim('"')).ToArray();
        for (var version = 1; version <= Versions; version++)
        {
            var answer = await (await client.PostJsonAsync($"/v1/models/{Model}/predict", new { texts, version })).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(version, (int?)answer["version"]);
        }

        var resident = server.ResidentBytes();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"VmRSS with {Versions} loaded versions: {resident / 1048576.0:F0} MiB; peak (VmHWM) {server.PeakResidentBytes() / 1048576.0:F0} MiB; model file {artifactBytes / 1048576.0:F1} MiB"));
        Assert.True(resident < Limit, $"resident memory is {resident / 1048576} MiB with {Versions} loaded versions (limit 1024 MiB)");
    }

    /// <summary>Registers copies of version 1 as the next versions, each with its own artifact file; returns the file's size.</summary>
    private async Task<long> AddCopiesAsync(int count)
    {
        var options = new DbContextOptionsBuilder<SqliteModelMintDbContext>().UseSqlite($"Data Source={Path.Combine(dataDirectory, "modelmint.db")};Pooling=False").Options;
        await using var db = new SqliteModelMintDbContext(options);
        var model = await db.Models.SingleAsync(m => m.Name == Model);
        var first = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.ModelId == model.Id && v.Version == 1);
        for (var i = 2; i <= count + 1; i++)
        {
            var id = Guid.CreateVersion7();
            var artifact = Path.Combine(Path.GetDirectoryName(first.ArtifactPath)!, id.ToString("N") + ".mmtc");
            File.Copy(Path.Combine(dataDirectory, first.ArtifactPath), Path.Combine(dataDirectory, artifact));
            db.ModelVersions.Add(new Data.Models.ModelVersion
            {
                Id = id,
                ModelId = model.Id,
                Version = i,
                CreatedAt = first.CreatedAt,
                TrainingJobId = first.TrainingJobId,
                Trainer = first.Trainer,
                Accuracy = first.Accuracy,
                MacroF1 = first.MacroF1,
                LabelsJson = first.LabelsJson,
                LineageJson = first.LineageJson,
                MetricsJson = first.MetricsJson,
                ArtifactPath = artifact,
            });
        }

        await db.SaveChangesAsync();
        return new FileInfo(Path.Combine(dataDirectory, first.ArtifactPath)).Length;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
