using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Server.Audit;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Audit;

/// <summary>
/// The audit log: who changed what, when and from where, in the organisation's own log and the operator's; never a
/// secret; failed sign-ins only in the operator's. Every state-changing route records an action or says why not
/// (<see cref="Actions"/>), so a new route without a row fails <see cref="EveryStateChangingRoute_HasARow"/>.
/// </summary>
public sealed class AuditLogTests(AuditLogTests.Factory factory) : IClassFixture<AuditLogTests.Factory>
{
    public sealed class Factory : PeerAddressFactory;

    private const string Tiny = "text,label\ngood film,pos\ngreat film,pos\nbad film,neg\nawful film,neg\nfine film,pos\npoor film,neg\n";

    /// <summary>Each state-changing route, and the action its handler records (null: why it records none).</summary>
    private static readonly Dictionary<string, (string? Action, string? Why)> Actions = new(StringComparer.Ordinal)
    {
        ["POST /v1/auth/signup"] = (AuditActions.SignedUp, null),
        ["POST /v1/auth/signin"] = (AuditActions.SignedIn, null),
        ["POST /v1/auth/signout"] = (AuditActions.SignedOut, null),
        ["POST /v1/account/members"] = (AuditActions.MemberAdded, null),
        ["DELETE /v1/account/members/{userId:guid}"] = (AuditActions.MemberRemoved, null),
        ["POST /v1/keys"] = (AuditActions.KeyCreated, null),
        ["DELETE /v1/keys/{id:guid}"] = (AuditActions.KeyRevoked, null),
        ["POST /v1/datasets"] = (AuditActions.DatasetUploaded, null),
        ["POST /v1/training-jobs"] = (AuditActions.TrainingQueued, null),
        ["POST /v1/training-jobs/{id:guid}/cancel"] = (AuditActions.TrainingCancelled, null),
        ["PUT /v1/models/{name}/aliases/{alias}"] = (AuditActions.AliasMoved, null),
        ["PUT /v1/models/{name}/routing"] = (AuditActions.RoutingSet, null),
        ["DELETE /v1/models/{name}/routing"] = (AuditActions.RoutingCleared, null),
        ["PUT /v1/models/{name}/listing"] = (AuditActions.ListingUpdated, null),
        ["POST /v1/webhooks"] = (AuditActions.WebhookCreated, null),
        ["DELETE /v1/webhooks/{id:guid}"] = (AuditActions.WebhookDeleted, null),
        ["PUT /v1/billing/spend-cap"] = (AuditActions.SpendCapSet, null),
        ["DELETE /v1/billing/spend-cap"] = (AuditActions.SpendCapRemoved, null),
        ["POST /v1/billing/redeem"] = (AuditActions.CodeRedeemed, null),
        ["PUT /v1/billing/plan"] = (AuditActions.PlanSubscribed, null),
        ["DELETE /v1/billing/plan"] = (AuditActions.PlanCancelled, null),
        ["POST /v1/admin/plans"] = (AuditActions.PlanCreated, null),
        ["POST /v1/admin/plans/{id:guid}/archive"] = (AuditActions.PlanArchived, null),
        ["POST /v1/admin/accounts/{id:guid}/credits"] = (AuditActions.CreditGranted, null),
        ["POST /v1/admin/redemption-batches"] = (AuditActions.RedemptionBatchCreated, null),
        ["PUT /v1/admin/price-bounds/{meter}"] = (AuditActions.PriceBoundSet, null),
        ["PUT /v1/admin/platform-fee"] = (AuditActions.PlatformFeeSet, null),
        ["POST /v1/admin/billing/run"] = (AuditActions.BillingRun, null),
        ["POST /v1/invoices/{id:guid}/finalize"] = (AuditActions.InvoiceFinalized, null),
        ["POST /v1/invoices/{id:guid}/pay"] = (AuditActions.InvoicePaid, null),
        ["POST /v1/invoices/{id:guid}/void"] = (AuditActions.InvoiceVoided, null),
        ["POST /v1/admin/gateway/channels"] = (AuditActions.ChannelCreated, null),
        ["PUT /v1/admin/gateway/channels/{id:guid}"] = (AuditActions.ChannelUpdated, null),
        ["DELETE /v1/admin/gateway/channels/{id:guid}"] = (AuditActions.ChannelDeleted, null),
        ["PUT /v1/admin/gateway/models/{name}"] = (AuditActions.GatewayModelSet, null),
        ["POST /v1/models/{name}/predict"] = (null, "a metered call: its usage events and idempotency record are its record"),
        ["POST /v1/predictions/{id:guid}/feedback"] = (null, "feedback on a prediction is stored as the prediction's outcome, with its time"),
    };

    private async Task<(HttpClient Client, Guid AccountId, string Key, Guid KeyId)> SignUpAsync(string peer, string role = "provider")
    {
        var client = factory.CreateClientFrom(peer);
        var email = AccountsApi.NewEmail(role);
        var created = await (await client.PostJsonAsync("/v1/auth/signup", new { email, password = AccountsApi.Password, organisation = $"org {email}", role }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var key = (string)created["key"]!;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return (client, Guid.Parse((string)created["organisation"]!["id"]!), key, Guid.Parse((string)created["keyId"]!));
    }

    private static async Task<JsonArray> LogAsync(HttpClient client, string query = "") =>
        (await client.GetJsonAsync("/v1/audit" + query))["items"]!.AsArray();

    [Fact]
    public async Task Changes_AreInTheOrganisationsLog_WithActorAndTarget_AndNeverASecret()
    {
        var (client, accountId, _, keyId) = await SignUpAsync("203.0.113.7");
        var dataset = await client.UploadOkAsync(Encoding.UTF8.GetBytes(Tiny), "tiny.csv");
        var model = "audit-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal("succeeded", (string?)(await client.TrainAsync(new { datasetId = (string)dataset["id"]!, modelName = model }))["status"]);
        var key = await (await client.PostJsonAsync("/v1/keys", new { name = "ci", models = new[] { model } })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"/v1/keys/{key["id"]}", UriKind.Relative))).StatusCode);
        await (await client.PutAsJsonAsync($"/v1/models/{model}/aliases/candidate", new { version = 1 })).ReadJsonAsync(HttpStatusCode.OK);
        await (await client.PutAsJsonAsync($"/v1/models/{model}/routing", new { canary = new { version = "candidate", percent = 5 } })).ReadJsonAsync(HttpStatusCode.OK);
        await (await client.PutAsJsonAsync($"/v1/models/{model}/listing", new { published = true, description = "x", price = new { type = "per_call", currency = "USD", amount = "0.01" } }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var hook = await (await client.PostJsonAsync("/v1/webhooks", new { url = "https://example.com/hooks", events = new[] { "invoice.finalized" } })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"/v1/webhooks/{hook["id"]}", UriKind.Relative))).StatusCode);

        var log = await LogAsync(client);
        Assert.Equal(
            [AuditActions.WebhookDeleted, AuditActions.WebhookCreated, AuditActions.ListingUpdated, AuditActions.RoutingSet, AuditActions.AliasMoved,
             AuditActions.KeyRevoked, AuditActions.KeyCreated, AuditActions.TrainingQueued, AuditActions.DatasetUploaded, AuditActions.SignedUp],
            log.Select(e => (string)e!["action"]!));
        Assert.All(log, e =>
        {
            Assert.Equal(accountId.ToString(), (string?)e!["accountId"]);
            Assert.Equal(accountId.ToString(), (string?)e["actor"]!["accountId"]);
            Assert.Equal(keyId.ToString(), (string?)e["actor"]!["keyId"]);
            Assert.Equal("203.0.113.7", (string?)e["actor"]!["address"]);
        });
        var created = log.Single(e => (string?)e!["action"] == AuditActions.KeyCreated)!;
        Assert.Equal($"key:{key["id"]}", (string?)created["target"]);
        Assert.Equal("ci", (string?)created["details"]!["name"]);
        Assert.Equal(model, (string?)created["details"]!["models"]![0]);
        var routing = log.Single(e => (string?)e!["action"] == AuditActions.RoutingSet)!;
        Assert.Equal($"model:{model}", (string?)routing["target"]);
        Assert.Equal("candidate", (string?)routing["details"]!["canary"]);
        Assert.Equal(5, (int)routing["details"]!["percent"]!);
        Assert.Equal(1, (int)log.Single(e => (string?)e!["action"] == AuditActions.AliasMoved)!["details"]!["version"]!);

        // The secrets shown once (the key, the webhook's signing secret) are nowhere in the log.
        var text = log.ToJsonString();
        Assert.DoesNotContain((string)key["key"]!, text, StringComparison.Ordinal);
        Assert.DoesNotContain((string)hook["secret"]!, text, StringComparison.Ordinal);

        // Another organisation sees none of it; the operator sees all of it.
        var (other, _, _, _) = await SignUpAsync("198.51.100.9", "developer");
        Assert.Equal([AuditActions.SignedUp], (await LogAsync(other)).Select(e => (string)e!["action"]!));
        using var op = factory.CreateOperatorClient();
        var all = (await op.GetJsonAsync($"/v1/admin/audit?accountId={accountId}"))["items"]!.AsArray();
        Assert.Equal(log.Select(e => (string)e!["id"]!), all.Select(e => (string)e!["id"]!));
        await (await other.GetAsync(new Uri("/v1/admin/audit", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");
    }

    [Fact]
    public async Task SignIns_AreLoggedWithTheirAddress_AndFailuresOnlyForTheOperator()
    {
        var email = AccountsApi.NewEmail("signin");
        using var anonymous = factory.CreateClientFrom("192.0.2.44");
        var created = await (await anonymous.PostJsonAsync("/v1/auth/signup", new { email, password = AccountsApi.Password, organisation = "sign-ins", role = "developer" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var accountId = (string)created["organisation"]!["id"]!;
        await (await anonymous.PostJsonAsync("/v1/auth/signin", new { email, password = "not the password" })).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        var session = await (await anonymous.PostJsonAsync("/v1/auth/signin", new { email, password = AccountsApi.Password })).ReadJsonAsync(HttpStatusCode.OK);
        using var signedIn = factory.CreateClientFrom("192.0.2.45");
        signedIn.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)session["session"]!);
        var log = await LogAsync(signedIn);
        Assert.Equal(HttpStatusCode.NoContent, (await signedIn.PostJsonAsync("/v1/auth/signout", new { })).StatusCode);

        Assert.Equal([AuditActions.SignedIn, AuditActions.SignedUp], log.Select(e => (string)e!["action"]!));
        var signIn = log[0]!;
        Assert.Equal("192.0.2.44", (string?)signIn["actor"]!["address"]);
        Assert.Equal((string?)session["sessionId"], (string?)signIn["actor"]!["keyId"]);
        Assert.NotNull((string?)signIn["actor"]!["userId"]);

        using var op = factory.CreateOperatorClient();
        var failed = (await op.GetJsonAsync($"/v1/admin/audit?action={AuditActions.SignInFailed}&limit=500"))["items"]!.AsArray()
            .Single(e => (string?)e!["details"]!["email"] == email)!;
        Assert.Null(failed["accountId"]);
        Assert.Equal("192.0.2.44", (string?)failed["actor"]!["address"]);
        Assert.Equal((string?)signIn["actor"]!["userId"], (string?)failed["actor"]!["userId"]);
        Assert.DoesNotContain("not the password", failed.ToJsonString(), StringComparison.Ordinal);
        var signedOut = (await op.GetJsonAsync($"/v1/admin/audit?accountId={accountId}&action={AuditActions.SignedOut}"))["items"]!.AsArray().Single()!;
        Assert.Equal("192.0.2.45", (string?)signedOut["actor"]!["address"]);
    }

    [Fact]
    public async Task TheLog_IsPagedNewestFirst_AndFilteredByAction()
    {
        var (client, _, _, _) = await SignUpAsync("203.0.113.20", "developer");
        // Made as fast as the server answers: several land in one millisecond, and must still come back in order.
        for (var i = 0; i < 5; i++)
        {
            await (await client.PostJsonAsync("/v1/keys", new { name = $"k{i}" })).ReadJsonAsync(HttpStatusCode.Created);
        }

        var first = await client.GetJsonAsync("/v1/audit?limit=4");
        Assert.Equal(["k4", "k3", "k2", "k1"], first["items"]!.AsArray().Select(e => (string)e!["details"]!["name"]!));
        var second = await client.GetJsonAsync($"/v1/audit?limit=4&before={first["next"]}");
        Assert.Equal([AuditActions.KeyCreated, AuditActions.SignedUp], second["items"]!.AsArray().Select(e => (string)e!["action"]!));
        Assert.Null(second["next"]);
        Assert.Equal(5, (await LogAsync(client, $"?action={AuditActions.KeyCreated}")).Count);
        await (await client.GetAsync(new Uri("/v1/audit?limit=0", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-limit");
        await (await client.GetAsync(new Uri("/v1/audit?limit=501", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-limit");
    }

    [Fact]
    public async Task EventsRecordedWithinOneMillisecond_KeepTheirOrder()
    {
        var accountId = Guid.NewGuid();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            for (var i = 0; i < 50; i++)
            {
                await audit.RecordAsync(new Actor(accountId, null, null, null), AuditActions.KeyCreated, $"key:{i}");
            }
        }

        using var op = factory.CreateOperatorClient();
        var page = (await op.GetJsonAsync($"/v1/admin/audit?accountId={accountId}&limit=500"))["items"]!.AsArray();
        Assert.Equal(Enumerable.Range(0, 50).Reverse().Select(i => $"key:{i}"), page.Select(e => (string)e!["target"]!));
    }

    [Fact]
    public void EveryStateChangingRoute_HasARow_AndEveryActionIsUsed()
    {
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is not "GET" and not "HEAD")
                .Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct()
            .ToList();
        var missing = routes.Where(r => !Actions.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, $"State-changing routes without a row in {nameof(AuditLogTests)}.{nameof(Actions)} (name the action their handler records): {string.Join(", ", missing)}");
        Assert.Empty(Actions.Keys.Except(routes));

        var declared = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet();
        var named = Actions.Values.Where(v => v.Action is not null).Select(v => v.Action!).Append(AuditActions.SignInFailed).ToHashSet();
        Assert.Empty(declared.Except(named));
        Assert.Empty(named.Except(declared));
        Assert.All(Actions.Values.Where(v => v.Action is null), v => Assert.False(string.IsNullOrWhiteSpace(v.Why)));
    }
}
