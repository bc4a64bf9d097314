using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Accounts;

public sealed class MemberTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>, IDisposable
{
    private readonly List<HttpClient> clients = [];

    public void Dispose()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>A new organisation, and a client signed in as its owner.</summary>
    private async Task<(HttpClient Owner, JsonNode Organisation)> OwnerAsync()
    {
        var email = AccountsApi.NewEmail("owner");
        var created = await factory.SignUpAsync(email);
        return (await SessionAsync(email), created["organisation"]!);
    }

    private async Task<HttpClient> SessionAsync(string email, string? organisationId = null)
    {
        var (session, _) = await factory.SignInAsync(email, organisationId);
        clients.Add(session);
        return session;
    }

    [Fact]
    public async Task Owner_AddsAnExistingUser_WhoCanThenSignInToTheOrganisation()
    {
        var (owner, organisation) = await OwnerAsync();
        var email = AccountsApi.NewEmail("colleague");
        var colleague = await factory.SignUpAsync(email);

        var added = await (await owner.PostJsonAsync("/v1/account/members", new { email = email.ToUpperInvariant() })).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("member", (string?)added["role"]);
        Assert.Equal((string?)colleague["user"]!["id"], (string?)added["userId"]);
        var members = (await owner.GetJsonAsync("/v1/account/members"))["items"]!.AsArray();
        Assert.Equal(2, members.Count);
        Assert.Contains(members, m => (string?)m!["email"] == email && (string?)m["role"] == "member" && m["since"] is not null);
        var session = await SessionAsync(email, (string)organisation["id"]!);
        Assert.Equal((string?)organisation["id"], (string?)(await session.GetJsonAsync("/v1/account"))["id"]);
    }

    [Fact]
    public async Task AddingAnEmailNobodyRegistered_Is404UserNotFound()
    {
        var (owner, _) = await OwnerAsync();

        await (await owner.PostJsonAsync("/v1/account/members", new { email = AccountsApi.NewEmail("ghost") })).AssertProblemAsync(HttpStatusCode.NotFound, "user-not-found");
    }

    [Fact]
    public async Task AddingTwice_Is409AlreadyMember()
    {
        var (owner, _) = await OwnerAsync();
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);
        await (await owner.PostJsonAsync("/v1/account/members", new { email })).ReadJsonAsync(HttpStatusCode.Created);

        await (await owner.PostJsonAsync("/v1/account/members", new { email, role = "owner" })).AssertProblemAsync(HttpStatusCode.Conflict, "already-member");
    }

    [Theory]
    [InlineData("not-an-email", "member", "invalid-email")]
    [InlineData(null, "member", "invalid-email")]
    [InlineData("{email}", "admin", "invalid-membership-role")]
    [InlineData("{email}", "Owner", "invalid-membership-role")]
    public async Task InvalidMemberRequest_Is400(string? email, string role, string code)
    {
        var (owner, _) = await OwnerAsync();
        if (email == "{email}")
        {
            email = AccountsApi.NewEmail();
            await factory.SignUpAsync(email);
        }

        await (await owner.PostJsonAsync("/v1/account/members", new { email, role })).AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Member_CannotAddOrRemove_Is403OwnerRequired()
    {
        var (owner, organisation) = await OwnerAsync();
        var email = AccountsApi.NewEmail("member");
        await factory.SignUpAsync(email);
        await (await owner.PostJsonAsync("/v1/account/members", new { email })).ReadJsonAsync(HttpStatusCode.Created);
        var ownerId = (string)(await owner.GetJsonAsync("/v1/account"))["user"]!["id"]!;
        var member = await SessionAsync(email, (string)organisation["id"]!);
        var outsider = AccountsApi.NewEmail();
        await factory.SignUpAsync(outsider);

        await (await member.PostJsonAsync("/v1/account/members", new { email = outsider })).AssertProblemAsync(HttpStatusCode.Forbidden, "owner-required");
        await (await member.DeleteAsync(new Uri($"/v1/account/members/{ownerId}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Forbidden, "owner-required");
        Assert.Equal(2, (await member.GetJsonAsync("/v1/account/members"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task ProgramKey_OfAnOrganisationWithAnOwner_CannotManageMembers()
    {
        var created = await factory.SignUpAsync();
        using var program = factory.CreateClientWithKey((string)created["key"]!);
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);

        var problem = await (await program.PostJsonAsync("/v1/account/members", new { email, role = "owner" })).AssertProblemAsync(HttpStatusCode.Forbidden, "owner-required");

        Assert.Contains("session", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LastOwner_CannotBeRemoved_ButAnotherOwnerCanLeave()
    {
        var (owner, organisation) = await OwnerAsync();
        var ownerId = (string)(await owner.GetJsonAsync("/v1/account"))["user"]!["id"]!;

        await (await owner.DeleteAsync(new Uri($"/v1/account/members/{ownerId}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Conflict, "last-owner");

        var second = AccountsApi.NewEmail("second");
        var secondId = (string)(await factory.SignUpAsync(second))["user"]!["id"]!;
        await (await owner.PostJsonAsync("/v1/account/members", new { email = second, role = "owner" })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(new Uri($"/v1/account/members/{ownerId}", UriKind.Relative))).StatusCode);
        await (await owner.GetAsync(new Uri("/v1/account", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked-api-key");
        var remaining = Assert.Single((await (await SessionAsync(second, (string)organisation["id"]!)).GetJsonAsync("/v1/account/members"))["items"]!.AsArray());
        Assert.Equal(secondId, (string?)remaining!["userId"]);
        Assert.Equal("owner", (string?)remaining["role"]);
    }

    [Fact]
    public async Task TwoOwnersRemovingEachOtherAtOnce_LeaveOneOwner()
    {
        var (first, organisation) = await OwnerAsync();
        var firstId = (string)(await first.GetJsonAsync("/v1/account"))["user"]!["id"]!;
        var email = AccountsApi.NewEmail("co-owner");
        var secondId = (string)(await factory.SignUpAsync(email))["user"]!["id"]!;
        await (await first.PostJsonAsync("/v1/account/members", new { email, role = "owner" })).ReadJsonAsync(HttpStatusCode.Created);
        var second = await SessionAsync(email, (string)organisation["id"]!);

        var results = await Task.WhenAll(
            Task.Run(() => first.DeleteAsync(new Uri($"/v1/account/members/{secondId}", UriKind.Relative))),
            Task.Run(() => second.DeleteAsync(new Uri($"/v1/account/members/{firstId}", UriKind.Relative))));

        var organisationId = Guid.Parse((string)organisation["id"]!);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Memberships.CountAsync(m => m.AccountId == organisationId && m.Role == "owner")));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task RemovingAMember_EndsTheirSessionsThere_ButNotTheOrganisationsKeys()
    {
        var (owner, organisation) = await OwnerAsync();
        var email = AccountsApi.NewEmail("leaver");
        var leaverId = (string)(await factory.SignUpAsync(email))["user"]!["id"]!;
        await (await owner.PostJsonAsync("/v1/account/members", new { email })).ReadJsonAsync(HttpStatusCode.Created);
        var leaver = await SessionAsync(email, (string)organisation["id"]!);
        var elsewhere = await SessionAsync(email);
        var key = (string)(await (await leaver.PostJsonAsync("/v1/keys", new { name = "made by the leaver" })).ReadJsonAsync(HttpStatusCode.Created))["key"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(new Uri($"/v1/account/members/{leaverId}", UriKind.Relative))).StatusCode);

        await (await leaver.GetAsync(new Uri("/v1/account", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked-api-key");
        Assert.NotEqual((string?)organisation["id"], (string?)(await elsewhere.GetJsonAsync("/v1/account"))["id"]);
        using var program = factory.CreateClientWithKey(key);
        await program.GetJsonAsync("/v1/account");
        await (await factory.TrySignInAsync(email, AccountsApi.Password, (string)organisation["id"]!)).AssertProblemAsync(HttpStatusCode.NotFound, "organisation-not-found");
    }

    [Fact]
    public async Task RemovingSomeoneOfAnotherOrganisation_Is404_AndTouchesNothing()
    {
        var (owner, _) = await OwnerAsync();
        var (otherOwner, other) = await OwnerAsync();
        var otherOwnerId = (string)(await otherOwner.GetJsonAsync("/v1/account"))["user"]!["id"]!;

        await (await owner.DeleteAsync(new Uri($"/v1/account/members/{otherOwnerId}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "member-not-found");
        await (await owner.DeleteAsync(new Uri($"/v1/account/members/{Guid.NewGuid()}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "member-not-found");

        Assert.Single((await otherOwner.GetJsonAsync("/v1/account/members"))["items"]!.AsArray());
        Assert.DoesNotContain(otherOwnerId, (await owner.GetJsonAsync("/v1/account/members")).ToJsonString(), StringComparison.Ordinal);
        Assert.Equal((string?)other["id"], (string?)(await otherOwner.GetJsonAsync("/v1/account"))["id"]);
    }

    [Fact]
    public async Task OperatorKey_MayAddTheFirstOwner_OfTheOperatorOrganisation_ThenOnlyOwnersMay()
    {
        using var operatorKey = factory.CreateOperatorClient();
        var email = AccountsApi.NewEmail("operator-person");
        await factory.SignUpAsync(email);
        var operatorId = (string)(await operatorKey.GetJsonAsync("/v1/account"))["id"]!;

        await (await operatorKey.PostJsonAsync("/v1/account/members", new { email, role = "owner" })).ReadJsonAsync(HttpStatusCode.Created);

        var account = await (await SessionAsync(email, operatorId)).GetJsonAsync("/v1/account");
        Assert.Equal("operator", (string?)account["role"]);
        Assert.Equal("owner", (string?)account["user"]!["membership"]);

        var another = AccountsApi.NewEmail();
        await factory.SignUpAsync(another);
        await (await operatorKey.PostJsonAsync("/v1/account/members", new { email = another })).AssertProblemAsync(HttpStatusCode.Forbidden, "owner-required");
    }
}
