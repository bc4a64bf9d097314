using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Data.Accounts;
using ModelMint.Server.Accounts;

namespace ModelMint.Server.Tests.Infrastructure;

/// <summary>
/// A ModelMint server in memory with its own fresh data folder (one per test class) and a known operator key.
/// Subclasses or <see cref="Settings"/> change configuration before the first client is created. With
/// <c>MODELMINT_TEST_POSTGRES</c> set it runs on PostgreSQL instead of SQLite, on a fresh database of its own that is
/// dropped with it (<see cref="TestDatabases"/>).
/// </summary>
public class ModelMintFactory : WebApplicationFactory<Program>
{
    public ModelMintFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "modelmint-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        OperatorKey = ApiKeySecrets.Generate();
        if (TestDatabases.UsePostgres)
        {
            PostgresConnectionString = TestDatabases.CreatePostgresDatabase();
            Settings["Database:Provider"] = "Postgres";
            Settings["ConnectionStrings:ModelMint"] = PostgresConnectionString;
            // One in-process node: no Redis needed.
            Settings["Database:SingleNode"] = "true";
        }
    }

    /// <summary>This factory's own PostgreSQL database; null on SQLite.</summary>
    public string? PostgresConnectionString { get; }

    public string DataDirectory { get; }

    public string OperatorKey { get; }

    /// <summary>Configuration overrides; set before the server starts.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Bootstrap:DemoModel"] = "false",
        ["Training:PollInterval"] = "00:00:00.200",
        ["Training:HeartbeatInterval"] = "00:00:00.100",
        // The tests' webhook receivers listen on loopback; WebhookTargetsTests checks the default (public addresses only).
        ["Webhooks:AllowPrivateNetworks"] = "true",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ModelMint:DataDirectory", DataDirectory);
        builder.UseSetting(Bootstrapper.KeyVariable, OperatorKey);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that sends the operator's key.</summary>
    public HttpClient CreateOperatorClient() => CreateClientWithKey(OperatorKey);

    public HttpClient CreateClientWithKey(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>
    /// Creates another tenant (a developer organisation without users) directly in the database and returns a key of
    /// it; tests of people, sessions and members use sign-up (<see cref="AccountsApi"/>).
    /// </summary>
    public async Task<string> CreateAccountAsync(string name)
    {
        _ = Services; // make sure the server (and its migrations) has started
        using var client = CreateClient();
        await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var secret = ApiKeySecrets.Generate();
        var account = new Account { Id = Guid.CreateVersion7(), Name = name, Role = "developer", CreatedAt = DateTimeOffset.UtcNow };
        db.Accounts.Add(account);
        db.ApiKeys.Add(new ApiKey { Id = Guid.CreateVersion7(), AccountId = account.Id, Name = "test", Prefix = ApiKeySecrets.PrefixOf(secret), Hash = ApiKeySecrets.Hash(secret), CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return secret;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && PostgresConnectionString is not null)
        {
            TestDatabases.DropPostgresDatabase(PostgresConnectionString);
        }

        if (disposing)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
