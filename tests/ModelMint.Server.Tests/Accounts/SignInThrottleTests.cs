using System.Net;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Accounts;

/// <summary>
/// Sign-ups and sign-ins are counted per client address (<c>Accounts:AttemptsPerMinutePerAddress</c>), whatever users
/// they name: past the limit an address gets 429 <c>too-many-attempts</c> with Retry-After, even with the right
/// password, while other addresses go on.
/// </summary>
public sealed class SignInThrottleTests(SignInThrottleTests.ThreeAttempts factory) : IClassFixture<SignInThrottleTests.ThreeAttempts>
{
    /// <summary>Three attempts a minute; each request's address set by the test.</summary>
    public sealed class ThreeAttempts : PeerAddressFactory
    {
        public ThreeAttempts() => Settings["Accounts:AttemptsPerMinutePerAddress"] = "3";
    }

    private HttpClient ClientFrom(string address) => factory.CreateClientFrom(address);

    private static object SignUp(string email) => new { email, password = AccountsApi.Password, organisation = "org of " + email, role = "developer" };

    [Fact]
    public async Task AnAddressPastTheLimit_IsRefused_EvenWithTheRightPassword_WhileAnotherAddressGoesOn()
    {
        var email = $"throttle-{Guid.NewGuid():N}@example.com";
        using var attacker = ClientFrom("203.0.113.5");
        using var other = ClientFrom("198.51.100.7");

        // A sign-up counts too: 1 of 3.
        await (await attacker.PostJsonAsync("/v1/auth/signup", SignUp(email))).ReadJsonAsync(HttpStatusCode.Created);
        foreach (var guess in new[] { "wrong password 1", "wrong password 2" })
        {
            await (await attacker.PostJsonAsync("/v1/auth/signin", new { email, password = guess })).ReadJsonAsync(HttpStatusCode.Unauthorized);
        }

        var refused = await attacker.PostJsonAsync("/v1/auth/signin", new { email, password = AccountsApi.Password });
        var problem = await refused.ReadJsonAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("too-many-attempts", (string?)problem["code"]);
        Assert.Contains("203.0.113.5", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.InRange(int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        await (await attacker.PostJsonAsync("/v1/auth/signup", SignUp($"another-{Guid.NewGuid():N}@example.com"))).ReadJsonAsync(HttpStatusCode.TooManyRequests);

        // The user is not locked (two failures of five), and another address signs in.
        await (await other.PostJsonAsync("/v1/auth/signin", new { email, password = AccountsApi.Password })).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task IPv6Clients_AreCountedPer64()
    {
        var email = $"throttle6-{Guid.NewGuid():N}@example.com";
        using var first = ClientFrom("2001:4860:1234:5678::1");
        using var sameBlock = ClientFrom("2001:4860:1234:5678:abcd::9");
        using var otherBlock = ClientFrom("2001:4860:1234:5679::1");

        await (await first.PostJsonAsync("/v1/auth/signup", SignUp(email))).ReadJsonAsync(HttpStatusCode.Created);
        await (await first.PostJsonAsync("/v1/auth/signin", new { email, password = "wrong password" })).ReadJsonAsync(HttpStatusCode.Unauthorized);
        await (await sameBlock.PostJsonAsync("/v1/auth/signin", new { email, password = "wrong password" })).ReadJsonAsync(HttpStatusCode.Unauthorized);

        var problem = await (await sameBlock.PostJsonAsync("/v1/auth/signin", new { email, password = AccountsApi.Password })).ReadJsonAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("2001:4860:1234:5678::/64", (string?)problem["detail"], StringComparison.Ordinal);
        await (await otherBlock.PostJsonAsync("/v1/auth/signin", new { email, password = AccountsApi.Password })).ReadJsonAsync(HttpStatusCode.OK);
    }
}
