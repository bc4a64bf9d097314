using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Server.Accounts;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Accounts;

public sealed class RolePolicyTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    [Theory]
    [InlineData("developer")]
    [InlineData("provider")]
    public async Task NonOperator_CallingAdminAccounts_Is403ForbiddenRole_NamingTheRoleNeeded(string role)
    {
        using var client = factory.CreateClientWithKey((string)(await factory.SignUpAsync(role: role))["key"]!);

        var problem = await (await client.GetAsync(new Uri("/v1/admin/accounts", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");

        Assert.Contains("'operator'", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(role, (string?)problem["role"]);
        Assert.Equal("operator", (string?)problem["requiredRoles"]![0]);
    }

    [Fact]
    public async Task AdminAccounts_WithoutAKey_Is401()
    {
        using var client = factory.CreateClient();

        await (await client.GetAsync(new Uri("/v1/admin/accounts", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Unauthorized, "missing-api-key");
    }

    [Fact]
    public async Task Operator_ListsEveryOrganisation_WithItsRoleAndMemberCount()
    {
        var created = await factory.SignUpAsync(role: "provider", organisation: "Listed Provider");
        using var owner = factory.CreateClientWithKey((string)created["key"]!);
        using var client = factory.CreateOperatorClient();

        var accounts = (await client.GetJsonAsync("/v1/admin/accounts"))["items"]!.AsArray();

        var listed = accounts.Single(a => (string?)a!["id"] == (string?)created["organisation"]!["id"])!;
        Assert.Equal("Listed Provider", (string?)listed["name"]);
        Assert.Equal("provider", (string?)listed["role"]);
        Assert.Equal(1, (int?)listed["members"]);
        Assert.Contains(accounts, a => (string?)a!["role"] == "operator");
    }

    [Theory]
    [InlineData(Policies.Operator, "operator", true)]
    [InlineData(Policies.Operator, "provider", false)]
    [InlineData(Policies.Operator, "developer", false)]
    [InlineData(Policies.Provider, "operator", true)]
    [InlineData(Policies.Provider, "provider", true)]
    [InlineData(Policies.Provider, "developer", false)]
    public async Task Policies_AdmitExactlyTheirRoles(string policy, string role, bool allowed)
    {
        var authorization = factory.Services.GetRequiredService<IAuthorizationService>();
        var caller = new ClaimsPrincipal(new ClaimsIdentity([new Claim(Caller.RoleClaim, role)], "ApiKey", Caller.KeyClaim, Caller.RoleClaim));

        var result = await authorization.AuthorizeAsync(caller, policy);

        Assert.Equal(allowed, result.Succeeded);
    }

    [Fact]
    public async Task SessionCaller_CarriesItsRoleAndUser_AsClaims()
    {
        var email = AccountsApi.NewEmail();
        var created = await factory.SignUpAsync(email, "provider");
        var (session, _) = await factory.SignInAsync(email);
        using (session)
        {
            var account = await session.GetJsonAsync("/v1/account");
            Assert.Equal("provider", (string?)account["role"]);
            Assert.Equal((string?)created["user"]!["id"], (string?)account["user"]!["id"]);
        }
    }
}
