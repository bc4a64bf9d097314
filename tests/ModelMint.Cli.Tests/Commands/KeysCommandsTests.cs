using System.Net;
using System.Text.Json;
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
        Assert.Equal("""{"name":"ci"}""", Assert.Single(_mint.Api.Requests).Body);
        Assert.Matches(@"models\s*│\s*all", result.Output);
        Assert.Matches(@"allowed IPs\s*│\s*any", result.Output);
        Assert.Matches(@"limits\s*│\s*platform default", result.Output);
    }

    [Fact]
    public async Task CreateWithRestrictions_SendsEveryRepeatedModelAndRange_AndTheLimits()
    {
        _mint.Api.OnJson(HttpMethod.Post, "/v1/keys", $$"""
            {"id": "{{ContractJson.KeyId}}", "name": "web", "prefix": "mm_ab12", "key": "mm_ab12secret",
             "createdAt": "2025-06-01T10:00:00Z", "expiresAt": "2026-12-31T00:00:00+00:00",
             "models": ["sentiment", "topics"], "allowedIps": ["203.0.113.0/24", "2001:db8::/32"],
             "requestsPerMinute": 5, "unitsPerMinute": 20000, "tokensPerMinute": 50000}
            """, HttpStatusCode.Created);

        var result = await _mint.RunAsync(
            "keys", "create", "--name", "web", "--model", "sentiment", "--model", "topics",
            "--allow-ip", "203.0.113.0/24", "--allow-ip", "2001:db8::/32", "--rpm", "5", "--units-per-minute", "20000",
            "--tokens-per-minute", "50000", "--expires", "2026-12-31T00:00:00Z");

        Assert.Equal(0, result.ExitCode);
        using var body = JsonDocument.Parse(Assert.Single(_mint.Api.Requests).Body);
        var root = body.RootElement;
        Assert.Equal(["sentiment", "topics"], root.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(["203.0.113.0/24", "2001:db8::/32"], root.GetProperty("allowedIps").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(5, root.GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(20_000, root.GetProperty("unitsPerMinute").GetInt64());
        Assert.Equal(50_000, root.GetProperty("tokensPerMinute").GetInt64());
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), root.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Matches(@"models\s*│\s*sentiment, topics", result.Output);
        Assert.Matches(@"allowed IPs\s*│\s*203\.0\.113\.0/24, 2001:db8::/32", result.Output);
        Assert.Matches(@"limits\s*│\s*5 requests/min, 20,000 characters/min, 50,000 gateway tokens/min", result.Output);
    }

    [Theory]
    [InlineData("--rpm", "0", "--rpm must be at least 1")]
    [InlineData("--units-per-minute", "0", "--units-per-minute must be at least 1")]
    [InlineData("--tokens-per-minute", "0", "--tokens-per-minute must be at least 1")]
    public async Task CreateWithANonPositiveLimit_IsAUsageError_AndSendsNothing(string option, string value, string message)
    {
        var result = await _mint.RunAsync("keys", "create", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Errors, StringComparison.Ordinal);
        Assert.Empty(_mint.Api.Requests);
    }

    [Fact]
    public async Task CreateRefusedForABadRange_PrintsTheServersReasonOnce()
    {
        _mint.Api.OnProblem(HttpMethod.Post, "/v1/keys", HttpStatusCode.BadRequest, """
            {"type": "https://modelmint.dev/problems/invalid-allowed-ips", "title": "The request is invalid.", "status": 400,
             "detail": "'10.0.0.0/33' is not an IP address or CIDR range such as 203.0.113.0/24 or 2001:db8::/32.",
             "code": "invalid-allowed-ips",
             "errors": {"allowedIps": ["'10.0.0.0/33' is not an IP address or CIDR range such as 203.0.113.0/24 or 2001:db8::/32."]}}
            """);

        var result = await _mint.RunAsync("keys", "create", "--allow-ip", "10.0.0.0/33");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(code invalid-allowed-ips)", result.Errors, StringComparison.Ordinal);
        Assert.Single(result.Errors.Split("is not an IP address")[1..]);
    }

    [Fact]
    public async Task List_ShowsEachKeysRestrictions()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/keys", $$"""
            {"items": [
              {"id": "{{ContractJson.KeyId}}", "name": "web", "prefix": "mm_ab12", "createdAt": "2025-06-01T10:00:00Z",
               "expiresAt": null, "lastUsedAt": null, "revokedAt": null,
               "models": ["sentiment"], "allowedIps": ["203.0.113.0/24"], "requestsPerMinute": 5, "unitsPerMinute": null}]}
            """);

        var result = await _mint.RunAsync("keys", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"mm_ab12\s*│.*│\s*sentiment\s*│\s*203\.0\.113\.0/24\s*│\s*5 requests/min, default characters/min", result.Output);
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
