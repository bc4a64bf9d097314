using System.Net;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Keys;

public sealed class KeyEndpointsTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    [Fact]
    public async Task Create_ReturnsTheSecretOnce_AndListNeverShowsIt()
    {
        using var client = factory.CreateOperatorClient();

        var created = await (await client.PostJsonAsync("/v1/keys", new { name = "ci" })).ReadJsonAsync(HttpStatusCode.Created);
        var secret = (string)created["key"]!;

        Assert.Matches("^mm_[0-9A-Za-z]{40}$", secret);
        Assert.StartsWith((string)created["prefix"]!, secret, StringComparison.Ordinal);
        var list = await client.GetJsonAsync("/v1/keys");
        Assert.DoesNotContain(secret, list.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(list["items"]!.AsArray(), k => (string?)k!["id"] == (string?)created["id"] && k["key"] is null);
    }

    [Fact]
    public async Task NewKey_Works_UntilRevoked_ThenIs401OnTheNextRequest()
    {
        using var admin = factory.CreateOperatorClient();
        var created = await (await admin.PostJsonAsync("/v1/keys", new { name = "temp" })).ReadJsonAsync(HttpStatusCode.Created);
        using var client = factory.CreateClientWithKey((string)created["key"]!);
        await client.GetJsonAsync("/v1/models");

        var revoke = await admin.DeleteAsync(new Uri($"/v1/keys/{created["id"]}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await (await client.GetAsync(new Uri("/v1/models", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked-api-key");
        var listed = (await admin.GetJsonAsync("/v1/keys"))["items"]!.AsArray().Single(k => (string?)k!["id"] == (string?)created["id"]);
        Assert.NotNull((string?)listed!["revokedAt"]);
        Assert.NotNull((string?)listed["lastUsedAt"]);
    }

    [Fact]
    public async Task ExpiryInThePast_Is400AndCreatesNothing()
    {
        using var client = factory.CreateOperatorClient();
        var before = (await client.GetJsonAsync("/v1/keys"))["items"]!.AsArray().Count;

        await (await client.PostJsonAsync("/v1/keys", new { expiresAt = DateTimeOffset.UtcNow.AddDays(-1) })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-expiry");

        Assert.Equal(before, (await client.GetJsonAsync("/v1/keys"))["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(null, "missing-api-key")]
    [InlineData("Basic dXNlcjpwYXNz", "malformed-api-key")]
    [InlineData("Bearer not-a-key", "malformed-api-key")]
    [InlineData("Bearer mm_0000000000000000000000000000000000000000", "unknown-api-key")]
    public async Task BadCredentials_Are401WithAClearProblem(string? authorization, string code)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, code);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task RevokingAnotherAccountsKey_Is404AndLeavesItWorking()
    {
        using var admin = factory.CreateOperatorClient();
        var created = await (await admin.PostJsonAsync("/v1/keys", new { name = "mine" })).ReadJsonAsync(HttpStatusCode.Created);
        using var other = factory.CreateClientWithKey(await factory.CreateAccountAsync("intruder"));

        await (await other.DeleteAsync(new Uri($"/v1/keys/{created["id"]}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "key-not-found");

        using var owner = factory.CreateClientWithKey((string)created["key"]!);
        await owner.GetJsonAsync("/v1/models");
    }

    [Fact]
    public async Task SignInSessions_AreNotOrganisationKeys_AndCannotBeRevokedThroughKeys()
    {
        var email = AccountsApi.NewEmail();
        var signUp = await factory.SignUpAsync(email);
        var (session, signIn) = await factory.SignInAsync(email);

        var keys = (await session.GetJsonAsync("/v1/keys"))["items"]!.AsArray();

        Assert.DoesNotContain(keys, k => (string?)k!["id"] == (string?)signIn["sessionId"]);
        Assert.Contains(keys, k => (string?)k!["id"] == (string?)signUp["keyId"]);
        await (await session.DeleteAsync(new Uri($"/v1/keys/{signIn["sessionId"]}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "key-not-found");
        await session.GetJsonAsync("/v1/account");
    }
}
