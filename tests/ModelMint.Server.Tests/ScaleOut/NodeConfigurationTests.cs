using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.ScaleOut;

/// <summary>A node refuses, with what to set, a configuration that would run but not be exact across nodes.</summary>
[Trait("Category", "ScaleOut")]
public sealed class NodeConfigurationTests : IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "modelmint-config", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Database=x", null, "Redis__Configuration is empty")]
    [InlineData(null, null, "ConnectionStrings__ModelMint is empty")]
    public async Task PostgresWithoutWhatScaleOutNeeds_RefusesToStart_SayingWhatToSet(string? connectionString, string? redis, string message)
    {
        await using var node = ServerProcess.Start(dataDirectory, new Dictionary<string, string?>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__ModelMint"] = connectionString,
            ["Redis__Configuration"] = redis,
        });

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(node.Lines, l => l.Contains(message, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
