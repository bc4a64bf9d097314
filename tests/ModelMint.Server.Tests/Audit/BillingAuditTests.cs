using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Domain.Billing;
using ModelMint.Server.Accounts;
using ModelMint.Server.Billing;
using ModelMint.Server.Tests.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Audit;

/// <summary>
/// The billing and gateway handlers write the audit log: who set or removed a spend cap, redeemed a code, subscribed,
/// granted credit, finalized or voided an invoice, changed a channel — in the log of the organisation concerned (the
/// operator's grants and invoice changes in the receiving organisation's log), never in another organisation's, and
/// never with a secret (a redemption code, a channel's API key or the credentials of its URL) in it.
/// </summary>
public sealed class BillingAuditTests(BillingAuditTests.Factory factory) : IClassFixture<BillingAuditTests.Factory>
{
    public sealed class Factory : BillingFactory
    {
        public Factory()
            : base(At("2026-04-01T00:00:00Z"))
        {
            // No trained model is needed: nothing here calls one.
            Settings["Bootstrap:DemoModel"] = "false";
        }
    }

    private sealed record Caller(HttpClient Client, Guid AccountId, Guid KeyId);

    private async Task<Caller> OrganisationAsync(string kind)
    {
        var (client, accountId) = await factory.OrganisationAsync(kind);
        var keyId = Guid.Parse((string)(await client.GetJsonAsync("/v1/keys"))["items"]!.AsArray().Single()!["id"]!);
        return new Caller(client, accountId, keyId);
    }

    private async Task<Caller> OperatorAsync()
    {
        var client = factory.CreateOperatorClient();
        var accountId = Guid.Parse((string)(await client.GetJsonAsync("/v1/account"))["id"]!);
        var prefix = ApiKeySecrets.PrefixOf(factory.OperatorKey);
        var keyId = Guid.Parse((string)(await client.GetJsonAsync("/v1/keys"))["items"]!.AsArray().Single(k => (string?)k!["prefix"] == prefix)!["id"]!);
        return new Caller(client, accountId, keyId);
    }

    private static async Task<JsonArray> LogAsync(HttpClient client, string path = "/v1/audit") =>
        (await client.GetJsonAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "limit=500"))["items"]!.AsArray();

    private static List<JsonNode> Events(JsonArray log, string action) => log.Where(e => (string?)e!["action"] == action).Select(e => e!).ToList();

    private static JsonNode Single(JsonArray log, string action, string target)
    {
        var matches = Events(log, action).Where(e => (string?)e["target"] == target).ToList();
        Assert.True(matches.Count == 1, $"expected one {action} on {target}, found {matches.Count} in {log.ToJsonString()}");
        return matches[0];
    }

    private static void AssertActor(JsonNode e, Caller actor, Guid concerned)
    {
        Assert.Equal(concerned, Guid.Parse((string)e["accountId"]!));
        Assert.Equal(actor.AccountId, Guid.Parse((string)e["actor"]!["accountId"]!));
        Assert.Equal(actor.KeyId, Guid.Parse((string)e["actor"]!["keyId"]!));
        Assert.Null(e["actor"]!["userId"]);
    }

    [Fact]
    public async Task BillingChanges_AreInTheLogOfTheOrganisationConcerned_WithoutSecrets()
    {
        var op = await OperatorAsync();
        var org = await OrganisationAsync("audited");
        var other = await OrganisationAsync("bystander");

        // Spend cap: set, removed, and removing a cap that is not there is no event.
        await (await org.Client.PutAsJsonAsync("/v1/billing/spend-cap", new { amount = "250.00", currency = "USD" })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await org.Client.DeleteAsync(new Uri("/v1/billing/spend-cap", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await org.Client.DeleteAsync(new Uri("/v1/billing/spend-cap", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await org.Client.PutAsJsonAsync("/v1/billing/spend-cap", new { amount = (string?)null, currency = "USD" })).StatusCode);
        await (await other.Client.PutAsJsonAsync("/v1/billing/spend-cap", new { amount = "5", currency = "EUR" })).ReadJsonAsync(HttpStatusCode.OK);
        // A refused change is no event either.
        await (await org.Client.PutAsJsonAsync("/v1/billing/spend-cap", new { amount = "-1", currency = "USD" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-amount");

        // Redemption: the operator's batch, the organisation's redemption; a used code is no event.
        var batch = await (await op.Client.PostJsonAsync("/v1/admin/redemption-batches", new { count = 2, amount = "2.50", currency = "USD", creditValidDays = 30 })).ReadJsonAsync(HttpStatusCode.Created);
        var codes = batch["codes"]!.AsArray().Select(c => (string)c!).ToList();
        await (await org.Client.PostJsonAsync("/v1/billing/redeem", new { code = codes[0] })).ReadJsonAsync(HttpStatusCode.OK);
        await (await org.Client.PostJsonAsync("/v1/billing/redeem", new { code = codes[0] })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "redemption-code-unusable");

        // Credit granted by the operator to the organisation.
        await (await op.Client.PostJsonAsync($"/v1/admin/accounts/{org.AccountId}/credits", new { amount = "10", currency = "EUR", reason = "welcome", expiresAt = "2026-12-31T00:00:00Z" }))
            .ReadJsonAsync(HttpStatusCode.OK);

        // Plans: created by the operator; subscribed, changed (again to the same plan: no event) and cancelled by the organisation.
        var basic = await CreatePlanAsync(op.Client, "Audit Basic", "10");
        var pro = await CreatePlanAsync(op.Client, "Audit Pro", "40");
        await (await org.Client.PutAsJsonAsync("/v1/billing/plan", new { planId = basic })).ReadJsonAsync(HttpStatusCode.OK);
        factory.Time.SetUtcNow(BillingFactory.At("2026-04-10T00:00:00Z"));
        await (await org.Client.PutAsJsonAsync("/v1/billing/plan", new { planId = pro })).ReadJsonAsync(HttpStatusCode.OK);
        await (await org.Client.PutAsJsonAsync("/v1/billing/plan", new { planId = pro })).ReadJsonAsync(HttpStatusCode.OK);
        factory.Time.SetUtcNow(BillingFactory.At("2026-04-20T00:00:00Z"));
        Assert.Equal(HttpStatusCode.NoContent, (await org.Client.DeleteAsync(new Uri("/v1/billing/plan", UriKind.Relative))).StatusCode);
        var archived = await (await op.Client.PostJsonAsync($"/v1/admin/plans/{basic}/archive", new { })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.NotNull(archived["archivedAt"]);
        await (await op.Client.PostJsonAsync($"/v1/admin/plans/{basic}/archive", new { })).ReadJsonAsync(HttpStatusCode.OK);

        // Invoice: April's draft, finalized and voided by the operator; finalizing it again is refused and no event.
        factory.Time.SetUtcNow(BillingFactory.At("2026-05-01T02:00:00Z"));
        var april = BillingPeriod.Month(2026, 4);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<InvoiceGenerator>().GenerateAsync(april) >= 1);
        }

        var invoice = Assert.Single(await factory.InvoicesOfAsync(org.AccountId));
        Assert.Equal("draft", invoice.Status);
        await (await op.Client.PostJsonAsync($"/v1/invoices/{invoice.Id}/finalize", new { })).ReadJsonAsync(HttpStatusCode.OK);
        await (await op.Client.PostJsonAsync($"/v1/invoices/{invoice.Id}/finalize", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-invoice-transition");
        await (await op.Client.PostJsonAsync($"/v1/invoices/{invoice.Id}/void", new { reason = "issued in error" })).ReadJsonAsync(HttpStatusCode.OK);
        var run = await BillingFactory.RunBillingAsync(op.Client, "2026-04");
        Assert.Equal("2026-04", (string?)run["period"]);

        var log = await LogAsync(org.Client);
        var all = log.ToJsonString();

        var capSet = Single(log, "spend-cap.set", $"spend-cap:{org.AccountId}");
        AssertActor(capSet, org, org.AccountId);
        Assert.Equal("250", (string?)capSet["details"]!["amount"]);
        Assert.Equal("USD", (string?)capSet["details"]!["currency"]);
        AssertActor(Single(log, "spend-cap.removed", $"spend-cap:{org.AccountId}"), org, org.AccountId);

        var redeemed = Assert.Single(Events(log, "credit.redeemed"));
        AssertActor(redeemed, org, org.AccountId);
        Assert.StartsWith("redemption-code:", (string?)redeemed["target"], StringComparison.Ordinal);
        Assert.Equal("2.5", (string?)redeemed["details"]!["amount"]);
        Assert.Equal("USD", (string?)redeemed["details"]!["currency"]);
        Assert.Equal((string?)batch["batchId"], (string?)redeemed["details"]!["batchId"]);

        var granted = Single(log, "credit.granted", $"account:{org.AccountId}");
        AssertActor(granted, op, org.AccountId);
        Assert.Equal("10", (string?)granted["details"]!["amount"]);
        Assert.Equal("EUR", (string?)granted["details"]!["currency"]);
        Assert.Equal(BillingFactory.At("2026-12-31T00:00:00Z"), DateTimeOffset.Parse((string)granted["details"]!["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture));

        var subscribed = Single(log, "plan.subscribed", $"plan:{basic}");
        AssertActor(subscribed, org, org.AccountId);
        Assert.Equal("Audit Basic", (string?)subscribed["details"]!["planName"]);
        Assert.Null(subscribed["details"]!["previousPlanId"]);
        var changed = Single(log, "plan.subscribed", $"plan:{pro}");
        Assert.Equal("Audit Pro", (string?)changed["details"]!["planName"]);
        Assert.Equal(basic, (string?)changed["details"]!["previousPlanId"]);
        Assert.Equal("Audit Basic", (string?)changed["details"]!["previousPlanName"]);
        Assert.Equal(2, Events(log, "plan.subscribed").Count);
        var cancelled = Single(log, "plan.cancelled", $"plan:{pro}");
        AssertActor(cancelled, org, org.AccountId);
        Assert.Equal("Audit Pro", (string?)cancelled["details"]!["planName"]);

        var finalized = Single(log, "invoice.finalized", $"invoice:{invoice.Id}");
        AssertActor(finalized, op, org.AccountId);
        Assert.Equal(invoice.Number, (string?)finalized["details"]!["number"]);
        var voided = Single(log, "invoice.voided", $"invoice:{invoice.Id}");
        AssertActor(voided, op, org.AccountId);
        Assert.Equal("issued in error", (string?)voided["details"]!["reason"]);

        // The operator's own changes are in the operator's log, not in the organisation's.
        Assert.Empty(Events(log, "plan.created"));
        Assert.Empty(Events(log, "redemption-batch.created"));
        Assert.Empty(Events(log, "billing.run"));
        var operatorLog = await LogAsync(op.Client);
        var created = Single(operatorLog, "plan.created", $"plan:{basic}");
        AssertActor(created, op, op.AccountId);
        Assert.Equal("Audit Basic", (string?)created["details"]!["name"]);
        AssertActor(Single(operatorLog, "plan.archived", $"plan:{basic}"), op, op.AccountId);
        var issued = Single(operatorLog, "redemption-batch.created", $"redemption-batch:{batch["batchId"]}");
        Assert.Equal(2, (int?)issued["details"]!["count"]);
        Assert.Equal("2.5", (string?)issued["details"]!["amount"]);
        Assert.Equal("USD", (string?)issued["details"]!["currency"]);
        Assert.Equal("2026-04", (string?)Single(operatorLog, "billing.run", "billing-period:2026-04")["details"]!["period"]);
        // The operator acted on the organisation's invoice and wallet: those events are in the operator's log too.
        Single(operatorLog, "credit.granted", $"account:{org.AccountId}");
        Single(operatorLog, "invoice.voided", $"invoice:{invoice.Id}");

        // Another organisation sees none of it.
        var otherLog = await LogAsync(other.Client);
        AssertActor(Single(otherLog, "spend-cap.set", $"spend-cap:{other.AccountId}"), other, other.AccountId);
        Assert.Single(otherLog);
        Assert.DoesNotContain(org.AccountId.ToString(), otherLog.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(log, e => (string?)e!["target"] == $"spend-cap:{other.AccountId}");

        // The operator's view of the organisation has the same events.
        var adminLog = await LogAsync(op.Client, $"/v1/admin/audit?accountId={org.AccountId}");
        Assert.Equal(log.Select(e => (string)e!["id"]!).Order(), adminLog.Select(e => (string)e!["id"]!).Order());
        Assert.Contains(adminLog, e => (string?)e!["action"] == "credit.granted" && (string?)e["accountId"] == org.AccountId.ToString());
        await (await org.Client.GetAsync(new Uri("/v1/admin/audit?accountId=" + org.AccountId, UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");

        // No redemption code, in any form, anywhere in the log.
        var everything = (await LogAsync(op.Client, "/v1/admin/audit")).ToJsonString() + all + operatorLog.ToJsonString();
        foreach (var code in codes)
        {
            Assert.DoesNotContain(code, everything, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), everything, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(RedemptionCodes.Hash(RedemptionCode.TryParse(code, out var parsed) ? parsed : throw new InvalidOperationException(code)), everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task GatewayAndPricingChanges_AreInTheOperatorsLog_WithoutTheChannelKey()
    {
        var op = await OperatorAsync();
        var org = await OrganisationAsync("gateway-user");
        const string apiKey = "sk-upstream-audit-0123456789abcdef";
        const string urlSecret = "url-password-987";
        var name = "audit-" + Guid.NewGuid().ToString("N")[..6];
        var channel = new
        {
            name,
            baseUrl = $"https://svc:{urlSecret}@upstream.example.com/v1?token={urlSecret}",
            apiKey,
            models = new[] { new { name = "audit-chat" } },
        };

        var created = await (await op.Client.PostJsonAsync("/v1/admin/gateway/channels", channel)).ReadJsonAsync(HttpStatusCode.Created);
        var id = (string)created["id"]!;
        await (await op.Client.PutAsJsonAsync($"/v1/admin/gateway/channels/{id}", channel with { apiKey = (string)null! })).ReadJsonAsync(HttpStatusCode.OK);
        await (await op.Client.PutAsJsonAsync("/v1/admin/gateway/models/audit-chat", new { kind = "chat", published = false, price = new { currency = "USD", inputPerMillion = "0.15", outputPerMillion = "0.6" } }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await op.Client.DeleteAsync(new Uri($"/v1/admin/gateway/channels/{id}", UriKind.Relative))).StatusCode);
        await (await op.Client.DeleteAsync(new Uri($"/v1/admin/gateway/channels/{id}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "channel-not-found");
        await (await op.Client.PutAsJsonAsync("/v1/admin/price-bounds/characters", new { currency = "GBP", minPerUnit = "0.000001", maxPerUnit = "0.001" })).ReadJsonAsync(HttpStatusCode.OK);
        await (await op.Client.PutAsJsonAsync("/v1/admin/platform-fee", new { percent = "12.5" })).ReadJsonAsync(HttpStatusCode.OK);

        var log = await LogAsync(op.Client);
        var target = $"gateway-channel:{id}";
        var added = Single(log, "gateway-channel.created", target);
        AssertActor(added, op, op.AccountId);
        Assert.Equal(name, (string?)added["details"]!["name"]);
        Assert.Equal("upstream.example.com", (string?)added["details"]!["baseUrlHost"]);
        Assert.True((bool)added["details"]!["apiKeyReplaced"]!);
        var updated = Single(log, "gateway-channel.updated", target);
        Assert.False((bool)updated["details"]!["apiKeyReplaced"]!);
        Assert.Equal(name, (string?)Single(log, "gateway-channel.deleted", target)["details"]!["name"]);
        var model = Single(log, "gateway-model.set", "gateway-model:audit-chat");
        Assert.False((bool)model["details"]!["published"]!);
        Assert.Equal("chat", (string?)model["details"]!["kind"]);
        Assert.Equal("0.15", (string?)model["details"]!["price"]!["inputPerMillion"]);
        Assert.Equal("0.6", (string?)model["details"]!["price"]!["outputPerMillion"]);
        var bound = Single(log, "price-bound.set", "price-bound:characters:GBP");
        Assert.Equal("0.001", (string?)bound["details"]!["maxPerUnit"]);
        Assert.Equal("12.5", (string?)Single(log, "platform-fee.set", "platform-setting:" + StatementGenerator.FeePercentSetting)["details"]!["percent"]);

        var everything = (await LogAsync(op.Client, "/v1/admin/audit")).ToJsonString();
        Assert.Contains(target, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(apiKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(urlSecret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(await LogAsync(org.Client), e => ((string?)e!["action"])!.StartsWith("gateway", StringComparison.Ordinal));
    }

    private static async Task<string> CreatePlanAsync(HttpClient op, string name, string fee) =>
        (string)(await (await op.PostJsonAsync("/v1/admin/plans", new { name, currency = "USD", monthlyFee = fee, allowances = new[] { new { meter = "calls", included = 5, overagePrice = "0.01" } } }))
            .ReadJsonAsync(HttpStatusCode.Created))["id"]!;
}
