using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelMint.Data.Accounts;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Accounts;

/// <summary>Sessions, sign-out, lockout and expiry, on a clock the tests move.</summary>
public sealed class SignInTests : IClassFixture<SignInTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-03-01T09:00:00Z", CultureInfo.InvariantCulture));

        public CountingHasher Hasher { get; } = new();

        public Factory() => Settings["Training:WorkerEnabled"] = "false";

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(Time);
                services.AddSingleton<IPasswordHasher<User>>(Hasher);
            });
        }
    }

    /// <summary>The real hasher, counting the verifications (the slow step whose presence hides which emails exist).</summary>
    public sealed class CountingHasher : IPasswordHasher<User>
    {
        private readonly PasswordHasher<User> inner = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(User user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private readonly Factory factory;

    public SignInTests(Factory factory) => this.factory = factory;

    [Fact]
    public async Task SignIn_GivesASessionThatWorks_AndSignOutEndsIt()
    {
        var email = AccountsApi.NewEmail();
        var created = await factory.SignUpAsync(email, organisation: "Session Org");

        var (client, signIn) = await factory.SignInAsync(email);

        using (client)
        {
            Assert.Matches("^mm_[0-9A-Za-z]{40}$", (string)signIn["session"]!);
            Assert.Equal(factory.Time.GetUtcNow().AddHours(12), DateTimeOffset.Parse((string)signIn["expiresAt"]!, CultureInfo.InvariantCulture));
            var organisation = Assert.Single(signIn["organisations"]!.AsArray());
            Assert.Equal("owner", (string?)organisation!["membership"]);
            Assert.Equal((string?)created["organisation"]!["id"], (string?)signIn["organisationId"]);
            var account = await client.GetJsonAsync("/v1/account");
            Assert.Equal("Session Org", (string?)account["name"]);
            Assert.Equal(email, (string?)account["user"]!["email"]);
            Assert.Equal("owner", (string?)account["user"]!["membership"]);

            var signOut = await client.PostAsync(new Uri("/v1/auth/signout", UriKind.Relative), null);

            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
            await (await client.GetAsync(new Uri("/v1/account", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked-api-key");
        }

        using var program = factory.CreateClientWithKey((string)created["key"]!);
        await program.GetJsonAsync("/v1/account");
    }

    [Fact]
    public async Task SignOut_WithAProgramKey_Is400_AndTheKeyStillWorks()
    {
        var created = await factory.SignUpAsync();
        using var client = factory.CreateClientWithKey((string)created["key"]!);

        await (await client.PostAsync(new Uri("/v1/auth/signout", UriKind.Relative), null)).AssertProblemAsync(HttpStatusCode.BadRequest, "not-a-session");

        await client.GetJsonAsync("/v1/account");
    }

    [Fact]
    public async Task WrongPassword_AndUnknownEmail_GetTheSameAnswer()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);

        var wrongPassword = await (await factory.TrySignInAsync(email, "not the password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        var unknownEmail = await (await factory.TrySignInAsync(AccountsApi.NewEmail("nobody"), "not the password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        var notAnEmail = await (await factory.TrySignInAsync("not-an-email", "not the password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");

        Assert.Equal(wrongPassword.ToJsonString(), unknownEmail.ToJsonString());
        Assert.Equal(wrongPassword.ToJsonString(), notAnEmail.ToJsonString());
    }

    [Fact]
    public async Task UnknownEmail_CostsOnePasswordVerification_LikeAWrongPassword()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);

        var before = factory.Hasher.Verifications;
        await (await factory.TrySignInAsync(email, "not the password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        var wrongPassword = factory.Hasher.Verifications - before;
        before = factory.Hasher.Verifications;
        await (await factory.TrySignInAsync(AccountsApi.NewEmail("nobody"), "not the password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        var unknownEmail = factory.Hasher.Verifications - before;

        Assert.Equal(1, wrongPassword);
        Assert.Equal(1, unknownEmail);
    }

    [Fact]
    public async Task FiveFailures_LockTheUser_EvenAgainstTheRightPassword_ForFifteenMinutes()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);

        for (var i = 0; i < 4; i++)
        {
            await (await factory.TrySignInAsync(email, "wrong password " + i)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        var fifth = await factory.TrySignInAsync(email, "wrong password 5");
        Assert.Equal("900", fifth.Headers.RetryAfter?.ToString());
        await fifth.AssertProblemAsync(HttpStatusCode.TooManyRequests, "account-locked");

        var rightPassword = await factory.TrySignInAsync(email);
        await rightPassword.AssertProblemAsync(HttpStatusCode.TooManyRequests, "account-locked");
        factory.Time.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = await factory.TrySignInAsync(email);
        Assert.Equal("60", stillLocked.Headers.RetryAfter?.ToString());
        await stillLocked.AssertProblemAsync(HttpStatusCode.TooManyRequests, "account-locked");

        factory.Time.Advance(TimeSpan.FromMinutes(1));

        await (await factory.TrySignInAsync(email)).ReadJsonAsync(HttpStatusCode.OK);
        var user = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.Equal(0, user.FailedSignIns);
        Assert.Null(user.LockedUntil);
        Assert.Equal(factory.Time.GetUtcNow(), user.LastSignInAt);
    }

    [Fact]
    public async Task Success_ResetsTheFailureCount()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                await (await factory.TrySignInAsync(email, "wrong password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
            }

            await (await factory.TrySignInAsync(email)).ReadJsonAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task ParallelGuesses_NeverGetMoreTriesThanTheLimit()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);

        var before = factory.Hasher.Verifications;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => factory.TrySignInAsync(email, "guess number " + i))));

        // Each guess is counted before its password is checked, so exactly five are checked; those that finish after the
        // fifth locked the user report the lock.
        Assert.Equal(5, factory.Hasher.Verifications - before);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized), 0, 4);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests) >= 16);
        await (await factory.TrySignInAsync(email)).AssertProblemAsync(HttpStatusCode.TooManyRequests, "account-locked");
    }

    [Fact]
    public async Task Session_ExpiresAfterTwelveHours()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);
        var (client, _) = await factory.SignInAsync(email);
        using var session = client;

        factory.Time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        await session.GetJsonAsync("/v1/account");
        factory.Time.Advance(TimeSpan.FromSeconds(1));

        var problem = await (await session.GetAsync(new Uri("/v1/account", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Unauthorized, "expired-api-key");
        Assert.Contains("Sign in again", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_UsesTheChosenOrganisation_OrTheFirstByName()
    {
        var email = AccountsApi.NewEmail();
        var own = await factory.SignUpAsync(email, organisation: "Zeta Labs");
        var otherOwner = AccountsApi.NewEmail("owner");
        await factory.SignUpAsync(otherOwner, "provider", "Alpha Models");
        var (ownerSession, _) = await factory.SignInAsync(otherOwner);
        using (ownerSession)
        {
            await (await ownerSession.PostJsonAsync("/v1/account/members", new { email })).ReadJsonAsync(HttpStatusCode.Created);
        }

        var (first, firstSignIn) = await factory.SignInAsync(email);
        var (chosen, chosenSignIn) = await factory.SignInAsync(email, (string)own["organisation"]!["id"]!);

        using (first)
        using (chosen)
        {
            Assert.Equal(["Alpha Models", "Zeta Labs"], firstSignIn["organisations"]!.AsArray().Select(o => (string)o!["name"]!));
            Assert.Equal("Alpha Models", (string?)(await first.GetJsonAsync("/v1/account"))["name"]);
            Assert.Equal("member", (string?)(await first.GetJsonAsync("/v1/account"))["user"]!["membership"]);
            Assert.Equal("Zeta Labs", (string?)(await chosen.GetJsonAsync("/v1/account"))["name"]);
            Assert.Equal((string?)own["organisation"]!["id"], (string?)chosenSignIn["organisationId"]);
        }

        var stranger = await factory.SignUpAsync();
        await (await factory.TrySignInAsync(email, AccountsApi.Password, (string)stranger["organisation"]!["id"]!)).AssertProblemAsync(HttpStatusCode.NotFound, "organisation-not-found");
    }

    [Fact]
    public async Task SignIn_WithAnOlderHashFormat_UpgradesTheStoredHash()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);
        var v2 = new PasswordHasher<User>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, v2.HashPassword(null!, AccountsApi.Password))));

        await (await factory.TrySignInAsync(email)).ReadJsonAsync(HttpStatusCode.OK);

        var hash = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync());
        Assert.StartsWith("AQAAAA", hash, StringComparison.Ordinal);
        await (await factory.TrySignInAsync(email)).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignIn_WithoutEmailOrPassword_Is400()
    {
        using var client = factory.CreateClient();

        await (await client.PostJsonAsync("/v1/auth/signin", new { email = AccountsApi.NewEmail() })).AssertProblemAsync(HttpStatusCode.BadRequest, "credentials-required");
        await (await client.PostRawAsync("/v1/auth/signin", "null")).AssertProblemAsync(HttpStatusCode.BadRequest, "credentials-required");
    }

    [Fact]
    public async Task SignInResponse_IsNotCached()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);

        var response = await factory.TrySignInAsync(email);

        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}
