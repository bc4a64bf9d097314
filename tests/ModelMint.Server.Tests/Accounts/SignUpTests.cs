using System.Net;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Accounts;

public sealed class SignUpTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    [Fact]
    public async Task SignUp_ReturnsAKeyShownOnce_ThatWorksOnTheNewOrganisation()
    {
        var email = AccountsApi.NewEmail("ada");

        var created = await factory.SignUpAsync(email, "provider", "Analytical Engines");

        var key = (string)created["key"]!;
        Assert.Matches("^mm_[0-9A-Za-z]{40}$", key);
        Assert.Equal(email, (string?)created["user"]!["email"]);
        Assert.Equal("provider", (string?)created["organisation"]!["role"]);
        using var client = factory.CreateClientWithKey(key);
        var account = await client.GetJsonAsync("/v1/account");
        Assert.Equal((string?)created["organisation"]!["id"], (string?)account["id"]);
        Assert.Equal("Analytical Engines", (string?)account["name"]);
        Assert.Equal("provider", (string?)account["role"]);
        Assert.Null(account["user"]);
        var keys = await client.GetJsonAsync("/v1/keys");
        var listed = Assert.Single(keys["items"]!.AsArray());
        Assert.Equal((string?)created["keyId"], (string?)listed!["id"]);
        Assert.DoesNotContain(key, keys.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_MakesTheUserTheOwner_WithAnEmailStoredLowerCased()
    {
        var email = AccountsApi.NewEmail("Grace");

        var created = await factory.SignUpAsync("  " + email.ToUpperInvariant() + " ");

        Assert.Equal(email.ToLowerInvariant(), (string?)created["user"]!["email"]);
        using var client = factory.CreateClientWithKey((string)created["key"]!);
        var member = Assert.Single((await client.GetJsonAsync("/v1/account/members"))["items"]!.AsArray());
        Assert.Equal("owner", (string?)member!["role"]);
        Assert.Equal(email.ToLowerInvariant(), (string?)member["email"]);
    }

    [Fact]
    public async Task Password_IsNeverStoredInClear_OnlyAsAnIdentityV3Hash()
    {
        var created = await factory.SignUpAsync();
        var userId = Guid.Parse((string)created["user"]!["id"]!);

        var hash = await factory.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.PasswordHash).SingleAsync());

        Assert.NotEqual(AccountsApi.Password, hash);
        Assert.DoesNotContain(AccountsApi.Password, hash, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", hash, StringComparison.Ordinal);
    }

    public static TheoryData<string?, string?, string?, string?, string, string> InvalidSignUps => new()
    {
        { null, "correct horse battery", "Org", "developer", "invalid-email", "email" },
        { "not-an-email", "correct horse battery", "Org", "developer", "invalid-email", "email" },
        { "two@@example.com", "correct horse battery", "Org", "developer", "invalid-email", "email" },
        { "spaces in@example.com", "correct horse battery", "Org", "developer", "invalid-email", "email" },
        { "nodot@example", "correct horse battery", "Org", "developer", "invalid-email", "email" },
        { "Ada <ada@example.com>", "correct horse battery", "Org", "developer", "invalid-email", "email" },
        { "{email}", null, "Org", "developer", "weak-password", "password" },
        { "{email}", "short", "Org", "developer", "weak-password", "password" },
        { "{email}", "aaaaaaaaaaaaaaa", "Org", "developer", "weak-password", "password" },
        { "{email}", "{email}", "Org", "developer", "weak-password", "password" },
        { "{email}", new string('x', 200) + new string('y', 100), "Org", "developer", "weak-password", "password" },
        { "{email}", "correct horse battery", null, "developer", "invalid-organisation-name", "organisation" },
        { "{email}", "correct horse battery", "   ", "developer", "invalid-organisation-name", "organisation" },
        { "{email}", "correct horse battery", new string('o', 101), "developer", "invalid-organisation-name", "organisation" },
        { "{email}", "correct horse battery", "evil\u202Eorg", "developer", "invalid-organisation-name", "organisation" },
        { "{email}", "correct horse battery", "line\nbreak", "developer", "invalid-organisation-name", "organisation" },
        { "{email}", "correct horse battery", "Org", null, "invalid-role", "role" },
        { "{email}", "correct horse battery", "Org", "operator", "invalid-role", "role" },
        { "{email}", "correct horse battery", "Org", "Developer", "invalid-role", "role" },
        { "{email}", "correct horse battery", "Org", "admin", "invalid-role", "role" },
    };

    [Theory]
    [MemberData(nameof(InvalidSignUps))]
    public async Task InvalidSignUp_Is400WithItsCode_AndStoresNothing(string? email, string? password, string? organisation, string? role, string code, string field)
    {
        var fresh = AccountsApi.NewEmail();
        email = email == "{email}" ? fresh : email;
        password = password == "{email}" ? fresh : password;
        using var client = factory.CreateClient();
        var usersBefore = await factory.CountUsersAsync();
        var accountsBefore = await factory.WithDbAsync(db => db.Accounts.CountAsync());

        var problem = await (await client.PostJsonAsync("/v1/auth/signup", new { email, password, organisation, role })).AssertProblemAsync(HttpStatusCode.BadRequest, code);

        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(usersBefore, await factory.CountUsersAsync());
        Assert.Equal(accountsBefore, await factory.WithDbAsync(db => db.Accounts.CountAsync()));
    }

    [Theory]
    [InlineData("short", "it has 5 characters, at least 10 are needed")]
    [InlineData("zzzzzzzzzzzz", "it is one character repeated")]
    [InlineData("zzzz", "it has 4 characters, at least 10 are needed; it is one character repeated")]
    public async Task WeakPassword_SaysExactlyWhatIsMissing(string password, string missing)
    {
        using var client = factory.CreateClient();

        var problem = await (await client.PostJsonAsync("/v1/auth/signup", new { email = AccountsApi.NewEmail(), password, organisation = "Org", role = "developer" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "weak-password");

        Assert.Contains(missing, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorRole_CannotBeSelfAssigned()
    {
        using var client = factory.CreateClient();

        var problem = await (await client.PostJsonAsync("/v1/auth/signup", new { email = AccountsApi.NewEmail(), password = AccountsApi.Password, organisation = "Org", role = "operator" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-role");

        Assert.Contains("operator role cannot be chosen", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmailAlreadyRegistered_InAnyCase_Is409EmailTaken_AndStoresNothing()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);
        using var client = factory.CreateClient();
        var usersBefore = await factory.CountUsersAsync();

        var problem = await (await client.PostJsonAsync("/v1/auth/signup", new { email = email.ToUpperInvariant(), password = "another good password", organisation = "Second", role = "provider" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "email-taken");

        Assert.DoesNotContain("Second", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(usersBefore, await factory.CountUsersAsync());
    }

    [Fact]
    public async Task ConcurrentSignUps_WithOneEmail_CreateOneUser()
    {
        var email = AccountsApi.NewEmail();
        using var client = factory.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.PostJsonAsync("/v1/auth/signup", new { email, password = AccountsApi.Password, organisation = $"Org {i}", role = "developer" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task SignedUpOrganisations_SeeNothingOfEachOther()
    {
        using var first = factory.CreateClientWithKey((string)(await factory.SignUpAsync())["key"]!);
        using var second = factory.CreateClientWithKey((string)(await factory.SignUpAsync())["key"]!);
        var dataset = await (await first.UploadAsync("text,label\ngood,pos\nbad,neg\n")).ReadJsonAsync(HttpStatusCode.Created);
        var firstKeyId = (string?)(await first.GetJsonAsync("/v1/keys"))["items"]![0]!["id"];

        await (await second.GetAsync(new Uri($"/v1/datasets/{dataset["id"]}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "dataset-not-found");
        Assert.Empty((await second.GetJsonAsync("/v1/datasets"))["items"]!.AsArray());
        await (await second.DeleteAsync(new Uri($"/v1/keys/{firstKeyId}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "key-not-found");
        var secondMembers = (await second.GetJsonAsync("/v1/account/members"))["items"]!.AsArray();
        Assert.Single(secondMembers);
        Assert.NotEqual((string?)(await first.GetJsonAsync("/v1/account"))["id"], (string?)(await second.GetJsonAsync("/v1/account"))["id"]);
    }
}

public sealed class ClosedSignUpTests : IClassFixture<ClosedSignUpTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public Factory() => Settings["Accounts:SignUpEnabled"] = "false";
    }

    private readonly Factory factory;

    public ClosedSignUpTests(Factory factory) => this.factory = factory;

    [Fact]
    public async Task SignUp_WhenTheOperatorClosedIt_Is403_AndStoresNothing()
    {
        using var client = factory.CreateClient();

        await (await client.PostJsonAsync("/v1/auth/signup", new { email = AccountsApi.NewEmail(), password = AccountsApi.Password, organisation = "Org", role = "developer" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "signup-disabled");

        Assert.Equal(0, await factory.CountUsersAsync());
    }
}
