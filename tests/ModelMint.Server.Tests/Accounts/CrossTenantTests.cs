using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data.Billing;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Accounts;

/// <summary>
/// Tenant isolation, one table for the whole API: tenant A owns a resource of every kind (dataset, training job,
/// model, version, alias, listing, webhook, key, member, outcome-priced prediction, invoice, statement); tenant B
/// sends every route that takes an id or a name with A's, and must get 404 — not 403, not 200 — while A's resources
/// stay exactly as they were. The routes come from the app's <see cref="EndpointDataSource"/>, so a new route without
/// a row here fails <see cref="EveryRoute_HasARow"/>.
/// </summary>
public sealed class CrossTenantTests(CrossTenantTests.Factory factory) : IClassFixture<CrossTenantTests.Factory>
{
    public sealed class Factory() : BillingFactory(At("2026-11-02T00:00:00Z"))
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private TenantA? tenant;

        public async Task<TenantA> TenantAAsync()
        {
            await gate.WaitAsync();
            try
            {
                return tenant ??= await CreateTenantAAsync();
            }
            finally
            {
                gate.Release();
            }
        }

        private async Task<TenantA> CreateTenantAAsync()
        {
            await WaitForDemoModelAsync();
            using var op = CreateOperatorClient();
            await PublishAsync(op, PerCallModel, new { type = "per_call", currency = "USD", amount = "0.01" });
            var (outcomeProvider, _) = await ProviderWithModelAsync("x-outcome");
            await PublishAsync(outcomeProvider, "x-outcome", new { type = "per_accepted", currency = "USD", amount = "0.02", unresolved = "free" });

            var signUp = await this.SignUpAsync(role: "provider");
            var a = CreateClientWithKey((string)signUp["key"]!);
            var accountId = Guid.Parse((string)signUp["organisation"]!["id"]!);
            await WithDbAsync(async db =>
            {
                db.Wallets.Add(new Wallet { AccountId = accountId, Currency = "USD", BalanceMicros = 5_000_000, UpdatedAt = Time.GetUtcNow() });
                await db.SaveChangesAsync();
            });
            var dataset = await a.UploadOkAsync(Encoding.UTF8.GetBytes("text,label\ngood film,pos\ngreat film,pos\nbad film,neg\nawful film,neg\nfine film,pos\npoor film,neg\n"), "tiny.csv");
            var job = await a.TrainAsync(new { datasetId = (string)dataset["id"]!, modelName = "a-private" });
            Assert.Equal("succeeded", (string?)(await a.TrainAsync(new { datasetId = (string)dataset["id"]!, modelName = "a-public" }))["status"]);
            await (await a.PutAsJsonAsync("/v1/models/a-private/aliases/candidate", new { version = 1 })).ReadJsonAsync(HttpStatusCode.OK);
            await (await a.PutAsJsonAsync("/v1/models/a-private/listing", new { published = false, description = "not for sale", price = new { type = "per_call", currency = "USD", amount = "0.01" } })).ReadJsonAsync(HttpStatusCode.OK);
            await PublishAsync(a, "a-public", new { type = "per_call", currency = "USD", amount = "0.05" });
            // An event that never fires here (the balance stays above the low mark): the dispatcher's retries would
            // change the endpoint's deliveries between snapshots.
            var webhook = await (await a.PostJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/a", events = new[] { "balance.low" } })).ReadJsonAsync(HttpStatusCode.Created);
            var key = await (await a.PostJsonAsync("/v1/keys", new { name = "second" })).ReadJsonAsync(HttpStatusCode.Created);
            var prediction = await PredictAsync(a, "x-outcome", new { text = "a great film" });
            // Resolved now, so the settlement worker has nothing to change between snapshots.
            await (await a.PostJsonAsync($"/v1/predictions/{(string)prediction["predictions"]![0]!["id"]!}/feedback", new { accepted = true })).ReadJsonAsync(HttpStatusCode.OK);
            await PredictAsync(a, PerCallModel, new { text = "where is my parcel" });
            var (customer, _) = await DeveloperWithBalanceAsync(1_000_000);
            await PredictAsync(customer, "a-public", new { text = "an awful film" });

            Time.SetUtcNow(At("2026-12-01T02:00:00Z"));
            await RunBillingAsync(op, "2026-11");
            var invoice = (await a.GetJsonAsync("/v1/invoices"))["items"]!.AsArray().Single()!;
            var statement = (await a.GetJsonAsync("/v1/statements"))["items"]!.AsArray().Single()!;
            return new TenantA(a, accountId, new Dictionary<string, string>
            {
                ["dataset"] = (string)dataset["id"]!,
                ["job"] = (string)job["id"]!,
                ["model"] = "a-private",
                ["webhook"] = (string)webhook["id"]!,
                ["key"] = (string)key["id"]!,
                ["user"] = (string)signUp["user"]!["id"]!,
                ["prediction"] = (string)prediction["predictions"]![0]!["id"]!,
                ["invoice"] = (string)invoice["id"]!,
                ["statement"] = (string)statement["id"]!,
            });
        }
    }

    public sealed record TenantA(HttpClient Client, Guid AccountId, IReadOnlyDictionary<string, string> Ids)
    {
        /// <summary>A's resources as A reads them; any change made through B's attempts shows up here.</summary>
        public async Task<string> SnapshotAsync()
        {
            var paths = new[]
            {
                $"/v1/datasets/{Ids["dataset"]}", $"/v1/training-jobs/{Ids["job"]}", "/v1/models/a-private", "/v1/models/a-private/versions/1",
                "/v1/models/a-private/listing", $"/v1/webhooks/{Ids["webhook"]}", $"/v1/webhooks/{Ids["webhook"]}/deliveries", "/v1/keys",
                "/v1/account/members", $"/v1/predictions/{Ids["prediction"]}", $"/v1/invoices/{Ids["invoice"]}", $"/v1/statements/{Ids["statement"]}",
                "/v1/billing/balance",
            };
            var text = new StringBuilder();
            foreach (var path in paths)
            {
                text.Append(path).Append(" => ").AppendLine((await Client.GetJsonAsync(path)).ToJsonString());
            }

            return text.ToString();
        }
    }

    /// <summary>What B sends for a route that names a resource, with A's ids filled in.</summary>
    private sealed record Attempt(string Path, object? Body = null);

    /// <summary>How a route is covered: an attempt on A's resource (404 expected), or why it names none of A's.</summary>
    private sealed record Row(Func<IReadOnlyDictionary<string, string>, Attempt>? Attempt, string? NoForeignIds = null);

    private const string OwnOnly = "acts on the caller's own organisation only; no id to take from another tenant";
    private const string OperatorOnly = "operator only: any other caller gets 403 forbidden-role (AdminOnly_IsForbiddenToTenants)";
    private const string Public = "platform-wide, the same for every tenant";

    private static readonly Dictionary<string, Row> Rows = new(StringComparer.Ordinal)
    {
        ["GET /v1/datasets/{id:guid}"] = new(ids => new($"/v1/datasets/{ids["dataset"]}")),
        ["GET /v1/training-jobs/{id:guid}"] = new(ids => new($"/v1/training-jobs/{ids["job"]}")),
        ["GET /v1/training-jobs/{id:guid}/curve"] = new(ids => new($"/v1/training-jobs/{ids["job"]}/curve")),
        ["POST /v1/training-jobs/{id:guid}/cancel"] = new(ids => new($"/v1/training-jobs/{ids["job"]}/cancel", new { })),
        ["GET /v1/models/{name}"] = new(ids => new($"/v1/models/{ids["model"]}")),
        ["GET /v1/models/{name}/versions/{version:int}"] = new(ids => new($"/v1/models/{ids["model"]}/versions/1")),
        ["PUT /v1/models/{name}/aliases/{alias}"] = new(ids => new($"/v1/models/{ids["model"]}/aliases/production", new { version = 1 })),
        ["GET /v1/audit"] = new(null, OwnOnly),
        ["GET /v1/admin/audit"] = new(null, OperatorOnly),
        ["GET /v1/models/{name}/routing"] = new(ids => new($"/v1/models/{ids["model"]}/routing")),
        ["PUT /v1/models/{name}/routing"] = new(ids => new($"/v1/models/{ids["model"]}/routing", new { canary = new { version = 1, percent = 50 } })),
        ["DELETE /v1/models/{name}/routing"] = new(ids => new($"/v1/models/{ids["model"]}/routing")),
        ["PUT /v1/models/{name}/listing"] = new(ids => new($"/v1/models/{ids["model"]}/listing", new { published = true, description = "stolen", price = new { type = "per_call", currency = "USD", amount = "0" } })),
        ["GET /v1/models/{name}/listing"] = new(ids => new($"/v1/models/{ids["model"]}/listing")),
        ["POST /v1/models/{name}/predict"] = new(ids => new($"/v1/models/{ids["model"]}/predict", new { text = "a great film" })),
        ["GET /v1/webhooks/{id:guid}"] = new(ids => new($"/v1/webhooks/{ids["webhook"]}")),
        ["DELETE /v1/webhooks/{id:guid}"] = new(ids => new($"/v1/webhooks/{ids["webhook"]}")),
        ["GET /v1/webhooks/{id:guid}/deliveries"] = new(ids => new($"/v1/webhooks/{ids["webhook"]}/deliveries")),
        ["DELETE /v1/keys/{id:guid}"] = new(ids => new($"/v1/keys/{ids["key"]}")),
        ["DELETE /v1/account/members/{userId:guid}"] = new(ids => new($"/v1/account/members/{ids["user"]}")),
        ["GET /v1/predictions/{id:guid}"] = new(ids => new($"/v1/predictions/{ids["prediction"]}")),
        ["POST /v1/predictions/{id:guid}/feedback"] = new(ids => new($"/v1/predictions/{ids["prediction"]}/feedback", new { accepted = true })),
        ["GET /v1/invoices/{id:guid}"] = new(ids => new($"/v1/invoices/{ids["invoice"]}")),
        ["GET /v1/invoices/{id:guid}.csv"] = new(ids => new($"/v1/invoices/{ids["invoice"]}.csv")),
        ["POST /v1/invoices/{id:guid}/finalize"] = new(ids => new($"/v1/invoices/{ids["invoice"]}/finalize", new { })),
        ["POST /v1/invoices/{id:guid}/pay"] = new(ids => new($"/v1/invoices/{ids["invoice"]}/pay", new { })),
        ["POST /v1/invoices/{id:guid}/void"] = new(ids => new($"/v1/invoices/{ids["invoice"]}/void", new { reason = "not mine" })),
        ["GET /v1/statements/{id:guid}"] = new(ids => new($"/v1/statements/{ids["statement"]}")),

        ["POST /v1/datasets"] = new(null, OwnOnly),
        ["GET /v1/datasets"] = new(null, OwnOnly),
        ["POST /v1/training-jobs"] = new(null, OwnOnly + " (the dataset id is looked up in the caller's own: DatasetEndpointsTests)"),
        ["GET /v1/training-jobs"] = new(null, OwnOnly),
        ["GET /v1/models"] = new(null, OwnOnly),
        ["GET /v1/usage"] = new(null, OwnOnly),
        ["POST /v1/webhooks"] = new(null, OwnOnly),
        ["GET /v1/webhooks"] = new(null, OwnOnly),
        ["POST /v1/keys"] = new(null, OwnOnly),
        ["GET /v1/keys"] = new(null, OwnOnly),
        ["GET /v1/account"] = new(null, OwnOnly),
        ["GET /v1/account/members"] = new(null, OwnOnly),
        ["POST /v1/account/members"] = new(null, OwnOnly + " (adds a user by email to the caller's organisation)"),
        ["GET /v1/invoices"] = new(null, OwnOnly),
        ["GET /v1/statements"] = new(null, OwnOnly),
        ["GET /v1/billing/balance"] = new(null, OwnOnly),
        ["GET /v1/billing/spend-cap"] = new(null, OwnOnly),
        ["PUT /v1/billing/spend-cap"] = new(null, OwnOnly),
        ["DELETE /v1/billing/spend-cap"] = new(null, OwnOnly),
        ["POST /v1/billing/redeem"] = new(null, OwnOnly),
        ["GET /v1/billing/plan"] = new(null, OwnOnly),
        ["PUT /v1/billing/plan"] = new(null, OwnOnly + " (the plan id is from the platform-wide catalog)"),
        ["DELETE /v1/billing/plan"] = new(null, OwnOnly),
        ["POST /v1/auth/signup"] = new(null, "anonymous: creates a new organisation"),
        ["POST /v1/auth/signin"] = new(null, "anonymous: a user's own organisations only (SignInTests)"),
        ["POST /v1/auth/signout"] = new(null, "ends the calling session"),
        ["GET /v1/catalog"] = new(null, Public + ": published listings only"),
        ["GET /v1/plans"] = new(null, Public),
        ["GET /v1/plans/{id:guid}"] = new(null, Public),
        ["GET /healthz"] = new(null, Public),
        ["GET /readyz"] = new(null, Public),
        ["GET /v1/admin/accounts"] = new(null, OperatorOnly),
        ["POST /v1/admin/accounts/{id:guid}/credits"] = new(null, OperatorOnly),
        ["POST /v1/admin/redemption-batches"] = new(null, OperatorOnly),
        ["PUT /v1/admin/price-bounds/{meter}"] = new(null, OperatorOnly),
        ["GET /v1/admin/price-bounds"] = new(null, OperatorOnly),
        ["PUT /v1/admin/platform-fee"] = new(null, OperatorOnly),
        ["POST /v1/admin/billing/run"] = new(null, OperatorOnly),
        ["GET /v1/admin/ledger/check"] = new(null, OperatorOnly),
        ["POST /v1/admin/plans"] = new(null, OperatorOnly),
        ["GET /v1/admin/plans"] = new(null, OperatorOnly),
        ["POST /v1/admin/plans/{id:guid}/archive"] = new(null, OperatorOnly),
        ["GET /v1/admin/gateway/channels"] = new(null, OperatorOnly),
        ["POST /v1/admin/gateway/channels"] = new(null, OperatorOnly),
        ["GET /v1/admin/gateway/channels/{id:guid}"] = new(null, OperatorOnly),
        ["PUT /v1/admin/gateway/channels/{id:guid}"] = new(null, OperatorOnly),
        ["DELETE /v1/admin/gateway/channels/{id:guid}"] = new(null, OperatorOnly),
        ["GET /v1/admin/gateway/models"] = new(null, OperatorOnly),
        ["PUT /v1/admin/gateway/models/{name}"] = new(null, OperatorOnly),
        ["GET /v1/admin/gateway/margins"] = new(null, OperatorOnly),
    };

    /// <summary>Every mapped API route as <c>METHOD /pattern</c> (a group's root without its trailing slash).</summary>
    private IReadOnlyList<string> Routes()
    {
        _ = factory.Services;
        using var client = factory.CreateClient();
        return factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/v1/", StringComparison.Ordinal) || raw is "/healthz" or "/readyz"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public void EveryRoute_HasARow()
    {
        var missing = Routes().Where(r => !Rows.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, $"Routes without a row in {nameof(CrossTenantTests)}.{nameof(Rows)} (say how tenant B is kept out): {string.Join(", ", missing)}");
        Assert.Empty(Rows.Keys.Except(Routes()));
    }

    public static TheoryData<string> ForeignIdRoutes() => [.. Rows.Where(r => r.Value.Attempt is not null).Select(r => r.Key)];

    [Theory]
    [MemberData(nameof(ForeignIdRoutes))]
    public async Task AnotherTenantsIds_AreNotFound_AndChangeNothing(string route)
    {
        var a = await factory.TenantAAsync();
        var (b, _) = await factory.OrganisationAsync("developer");
        var before = await a.SnapshotAsync();
        var attempt = Rows[route].Attempt!(a.Ids);
        var method = new HttpMethod(route[..route.IndexOf(' ', StringComparison.Ordinal)]);
        using var request = new HttpRequestMessage(method, attempt.Path);
        if (attempt.Body is not null)
        {
            request.Content = new StringContent(attempt.Body.ToJson(), Encoding.UTF8, "application/json");
        }

        using var response = await b.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} with tenant A's ids answered tenant B {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before, await a.SnapshotAsync());
    }

    [Fact]
    public async Task ListsOfAnotherTenant_NeverShowItsResources()
    {
        var a = await factory.TenantAAsync();
        var (b, _) = await factory.OrganisationAsync("developer");
        foreach (var path in new[] { "/v1/datasets", "/v1/training-jobs", "/v1/models", "/v1/webhooks", "/v1/keys", "/v1/account/members", "/v1/invoices", "/v1/statements", "/v1/usage?groupBy=model" })
        {
            var body = (await b.GetJsonAsync(path)).ToJsonString();
            Assert.DoesNotContain(a.Ids.Values, id => body.Contains(id, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AdminOnly_IsForbiddenToTenants()
    {
        var a = await factory.TenantAAsync();
        foreach (var route in Rows.Where(r => r.Value.NoForeignIds == OperatorOnly).Select(r => r.Key))
        {
            var method = new HttpMethod(route[..route.IndexOf(' ', StringComparison.Ordinal)]);
            var path = route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..].Replace("{id:guid}", a.AccountId.ToString(), StringComparison.Ordinal).Replace("{meter}", "calls", StringComparison.Ordinal);
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Get ? null : new StringContent("{}", Encoding.UTF8, "application/json") };
            await (await a.Client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");
        }
    }
}
