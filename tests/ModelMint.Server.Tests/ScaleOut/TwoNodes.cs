using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Server.Accounts;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.ScaleOut;

/// <summary>
/// Two real ModelMint server processes (A and B) on one fresh PostgreSQL database, one Redis and one shared artifacts
/// folder, each with its own data folder — the scaled-out topology of docs/deployment.md on loopback. A starts first
/// (it migrates and bootstraps the operator), then B. Nothing starts unless both services are configured.
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "modelmint-scaleout", Guid.NewGuid().ToString("N"));
    private readonly List<HttpClient> clients = [];

    public string OperatorKey { get; } = ApiKeySecrets.Generate();

    public string ConnectionString { get; private set; } = "";

    public ServerProcess A { get; private set; } = null!;

    public ServerProcess B { get; private set; } = null!;

    public Uri AddressA { get; private set; } = null!;

    public Uri AddressB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestDatabases.Redis is null || TestDatabases.PostgresAdmin is null)
        {
            return;
        }

        ConnectionString = TestDatabases.CreatePostgresDatabase();
        (A, AddressA) = await StartAsync("a");
        (B, AddressB) = await StartAsync("b");
    }

    /// <summary>Starts a node (again) with the shared settings and its own data folder.</summary>
    public async Task<(ServerProcess Node, Uri Address)> StartAsync(string name)
    {
        var node = ServerProcess.Start(Path.Combine(root, name), new Dictionary<string, string?>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__ModelMint"] = ConnectionString,
            ["Redis__Configuration"] = TestDatabases.Redis,
            ["Artifacts__Path"] = Path.Combine(root, "artifacts"),
            [Bootstrapper.KeyVariable] = OperatorKey,
            ["Bootstrap__DemoModel"] = "false",
            ["Training__PollInterval"] = "00:00:00.200",
            ["Training__HeartbeatInterval"] = "00:00:00.200",
            ["Training__StaleAfter"] = "00:00:03",
        });
        return (node, await node.WaitForAddressAsync(TimeSpan.FromMinutes(2)));
    }

    public async Task RestartAsync(ServerProcess killed)
    {
        await killed.DisposeAsync();
        if (ReferenceEquals(killed, A))
        {
            (A, AddressA) = await StartAsync("a");
        }
        else
        {
            (B, AddressB) = await StartAsync("b");
        }
    }

    public HttpClient Client(Uri address, string key)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        clients.Add(client);
        return client;
    }

    /// <summary>The shared database, read directly to check what the API does not show (attempts, event counts).</summary>
    public ModelMintDbContext Database() =>
        new PostgresModelMintDbContext(new DbContextOptionsBuilder<PostgresModelMintDbContext>().UseNpgsql(ConnectionString).Options);

    public async Task DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (ConnectionString.Length > 0)
        {
            TestDatabases.DropPostgresDatabase(ConnectionString);
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
