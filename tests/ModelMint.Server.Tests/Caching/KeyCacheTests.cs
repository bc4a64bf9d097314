using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelMint.Server.Caching;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Caching;

/// <summary>
/// Keys and sessions through the hot-path cache: every test first makes a request with the key, so its entry is in
/// the cache, and then checks that the change is seen on the very next request.
/// </summary>
public sealed class KeyCacheTests : IClassFixture<KeyCacheTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-03-01T09:00:00Z", CultureInfo.InvariantCulture));

        public Factory() => Settings["Training:WorkerEnabled"] = "false";

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
        }
    }

    private readonly Factory factory;

    public KeyCacheTests(Factory factory) => this.factory = factory;

    private HotPathCache Cache => factory.Services.GetRequiredService<HotPathCache>();

    private async Task<(HttpClient Client, string Id)> NewKeyAsync(object request)
    {
        using var admin = factory.CreateOperatorClient();
        var created = await (await admin.PostJsonAsync("/v1/keys", request)).ReadJsonAsync(HttpStatusCode.Created);
        return (factory.CreateClientWithKey((string)created["key"]!), (string)created["id"]!);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_the_very_next_request_even_when_it_was_just_used()
    {
        var (client, id) = await NewKeyAsync(new { name = "warm" });
        using var _ = client;
        await client.GetJsonAsync("/v1/models");
        await client.GetJsonAsync("/v1/models");
        Assert.True(Cache.Keys.Count > 0);

        using var admin = factory.CreateOperatorClient();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/v1/keys/{id}", UriKind.Relative))).StatusCode);

        await (await client.GetAsync(new Uri("/v1/models", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked-api-key");
    }

    [Fact]
    public async Task An_expired_key_is_refused_once_the_clock_passes_its_expiry_even_with_a_warm_cache()
    {
        var (client, _) = await NewKeyAsync(new { name = "short-lived", expiresAt = factory.Time.GetUtcNow().AddMinutes(5) });
        using var _ = client;
        await client.GetJsonAsync("/v1/models");

        factory.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await client.GetJsonAsync("/v1/models");
        factory.Time.Advance(TimeSpan.FromSeconds(1));

        await (await client.GetAsync(new Uri("/v1/models", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Unauthorized, "expired-api-key");
    }

    [Fact]
    public async Task A_signed_out_session_is_refused_on_the_next_request()
    {
        var email = AccountsApi.NewEmail();
        await factory.SignUpAsync(email);
        var (session, _) = await factory.SignInAsync(email);
        using var _ = session;
        await session.GetJsonAsync("/v1/account");

        Assert.Equal(HttpStatusCode.NoContent, (await session.PostAsync(new Uri("/v1/auth/signout", UriKind.Relative), null)).StatusCode);

        await (await session.GetAsync(new Uri("/v1/account", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked-api-key");
    }

    [Fact]
    public async Task A_removed_members_session_is_refused_on_the_next_request()
    {
        var ownerEmail = AccountsApi.NewEmail("owner");
        var organisation = (await factory.SignUpAsync(ownerEmail, organisation: "Cache Org"))["organisation"]!;
        var (owner, _) = await factory.SignInAsync(ownerEmail);
        using var __ = owner;
        var email = AccountsApi.NewEmail("member");
        var userId = (string)(await factory.SignUpAsync(email))["user"]!["id"]!;
        await (await owner.PostJsonAsync("/v1/account/members", new { email })).ReadJsonAsync(HttpStatusCode.Created);
        var (member, _) = await factory.SignInAsync(email, (string)organisation["id"]!);
        using var _ = member;
        await member.GetJsonAsync("/v1/account");

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(new Uri($"/v1/account/members/{userId}", UriKind.Relative))).StatusCode);

        await (await member.GetAsync(new Uri("/v1/account", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked-api-key");
    }

    [Fact]
    public async Task Last_used_is_still_written_at_most_once_a_minute_with_a_warm_cache()
    {
        var (client, id) = await NewKeyAsync(new { name = "last-used" });
        using var _ = client;
        using var admin = factory.CreateOperatorClient();
        async Task<string?> LastUsedAsync() =>
            (string?)(await admin.GetJsonAsync("/v1/keys"))["items"]!.AsArray().Single(k => (string?)k!["id"] == id)!["lastUsedAt"];

        await client.GetJsonAsync("/v1/models");
        var first = await LastUsedAsync();
        factory.Time.Advance(TimeSpan.FromSeconds(30));
        await client.GetJsonAsync("/v1/models");
        Assert.Equal(first, await LastUsedAsync());
        factory.Time.Advance(TimeSpan.FromSeconds(31));
        await client.GetJsonAsync("/v1/models");

        Assert.NotNull(first);
        Assert.NotEqual(first, await LastUsedAsync());
    }

    [Fact]
    public void A_value_read_before_an_invalidation_is_not_kept_after_it()
    {
        var store = new HotPathCache.Store<string, string>(factory.Time);
        var generation = store.Generation;

        store.Invalidate((_, _) => true);
        store.Set("key", "stale", generation);

        Assert.False(store.TryGet("key", out _));
        store.Set("key", "fresh", store.Generation);
        Assert.True(store.TryGet("key", out var fresh));
        Assert.Equal("fresh", fresh);
        factory.Time.Advance(HotPathCache.TimeToLive);
        Assert.False(store.TryGet("key", out _));
    }
}
