using System.Net;
using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests.Commands;

public sealed class KeysCommandsTests
{
    private readonly MintHarness _mint = new();

    [Fact]
    public async Task Create_PrintsTheSecretKeyOnItsOwnLine()
    {
        _mint.Api.OnJson(HttpMethod.Post, "/v1/keys", $$"""
            {"id": "{{ContractJson.KeyId}}", "name": "ci", "prefix": "mm_ab12", "key": "mm_ab12secret",
             "createdAt": "2025-06-01T10:00:00Z"}
            """, HttpStatusCode.Created);

        var result = await _mint.RunAsync("keys", "create", "--name", "ci");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\nmm_ab12secret\n", result.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\"name\":\"ci\"", Assert.Single(_mint.Api.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_DeletesTheKey()
    {
        _mint.Api.On(HttpMethod.Delete, $"/v1/keys/{ContractJson.KeyId}", _ => new HttpResponseMessage(HttpStatusCode.NoContent));

        var result = await _mint.RunAsync("keys", "revoke", ContractJson.KeyId.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Revoked key {ContractJson.KeyId}", result.Output, StringComparison.Ordinal);
    }
}
