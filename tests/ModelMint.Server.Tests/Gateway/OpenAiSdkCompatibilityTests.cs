using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Gateway;

/// <summary>
/// The official <c>openai</c> npm package (pinned in <c>Gateway/npm/package-lock.json</c>) against the running
/// server: model list, a plain and a streamed completion, embeddings and an error, as a real client sees them.
/// </summary>
public sealed class OpenAiSdkCompatibilityTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private static readonly string NpmFolder = Path.Combine(SharedData.RepositoryRoot, "tests", "ModelMint.Server.Tests", "Gateway", "npm");

    [Fact]
    public async Task TheOfficialOpenAiNodeClient_TalksToTheGateway()
    {
        if (!Directory.Exists(Path.Combine(NpmFolder, "node_modules", "openai")))
        {
            var (code, output) = await RunAsync("npm", "ci --no-audit --no-fund");
            Assert.True(code == 0, $"'npm ci' in {NpmFolder} failed ({code}); node and npm must be installed and the npm registry reachable once:\n{output}");
        }

        await using var upstream = await FakeUpstream.StartAsync();
        var chat = GatewayFactory.Unique("chat");
        var embeddings = GatewayFactory.Unique("embed");
        await factory.SellAsync(chat);
        await factory.SellAsync(embeddings, kind: "embeddings");
        await factory.AddChannelAsync(chat, upstream.BaseUrl);
        await factory.AddChannelAsync(embeddings, upstream.BaseUrl);
        var (_, key, _) = await factory.DeveloperAsync(1_000_000);

        var (exit, stdout) = await RunAsync("node", $"check.mjs {factory.OpenAiBaseUrl} {key} {chat} {embeddings}");

        Assert.True(exit == 0, $"node check.mjs failed ({exit}):\n{stdout}");
        var seen = JsonNode.Parse(stdout.Trim().Split('\n')[^1])!;
        Assert.Contains(chat, seen["models"]!.AsArray().Select(m => (string?)m));
        Assert.Equal(" hello hello hello", (string?)seen["content"]);
        Assert.Equal(3, (int)seen["usage"]!["completion_tokens"]!);
        Assert.Equal(" hello hello hello hello", (string?)seen["streamed"]);
        Assert.Equal(2, (int)seen["embeddings"]!);
        Assert.Equal(404, (int)seen["error"]!["status"]!);
        Assert.Equal("model_not_found", (string?)seen["error"]!["code"]);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string arguments)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                WorkingDirectory = NpmFolder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"'{program}' could not be started ({e.Message}). This test needs Node.js 18+ and npm on PATH.");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
