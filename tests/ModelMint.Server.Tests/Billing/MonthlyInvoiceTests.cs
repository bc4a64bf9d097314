using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Billing;

/// <summary>
/// March 2026 driven end to end: two priced models (0.002 USD per call; 0.01 USD per 1,000 characters), two
/// developers paying from wallets, a retried request, calls in the last second of February and the first instant of
/// April; then the month is billed and every amount is checked to the cent.
/// </summary>
public sealed class MonthlyInvoiceTests(MonthlyInvoiceTests.Scenario scenario) : IClassFixture<MonthlyInvoiceTests.Scenario>
{
    public sealed record March(
        HttpClient Operator, Guid OperatorId, HttpClient Provider, Guid ProviderId,
        HttpClient DeveloperA, Guid DeveloperAId, HttpClient DeveloperB, Guid DeveloperBId, JsonNode Run, string DeveloperAWebhookId)
    {
        public async Task<string> InvoiceIdOfAsync(HttpClient developer) =>
            (string)(await developer.GetJsonAsync("/v1/invoices"))["items"]!.AsArray().Single(i => (string?)i!["period"]!["month"] == "2026-03")!["id"]!;
    }

    public sealed class Scenario() : BillingFactory(At("2026-02-28T23:59:59Z"))
    {
        public const string PerUnitModel = "tiny-reviews";
        private readonly SemaphoreSlim gate = new(1, 1);
        private March? march;

        /// <summary>The scenario runs once per class; every test reads (or then changes) its result.</summary>
        public async Task<March> MarchAsync()
        {
            await gate.WaitAsync();
            try
            {
                return march ??= await BillMarchAsync();
            }
            finally
            {
                gate.Release();
            }
        }

        private async Task<March> BillMarchAsync()
        {
            await WaitForDemoModelAsync();
            var op = CreateOperatorClient();
            var operatorId = Guid.Parse((string)(await op.GetJsonAsync("/v1/billing/balance"))["accountId"]!);
            await PublishAsync(op, PerCallModel, new { type = "per_call", currency = "USD", amount = "0.002" });
            var (provider, providerId) = await ProviderWithModelAsync(PerUnitModel);
            await PublishAsync(provider, PerUnitModel, new { type = "per_unit", currency = "USD", amount = "0.01", unitSize = 1000, meter = "characters" });
            await WithDbAsync(async db =>
            {
                db.PlatformSettings.Add(new PlatformSetting { Key = "platform-fee-percent", Value = "15", UpdatedAt = Time.GetUtcNow() });
                await db.SaveChangesAsync();
            });
            var (a, aId) = await DeveloperWithBalanceAsync(1_000_000);
            var (b, bId) = await DeveloperWithBalanceAsync(5_000_000);

            // 2026-02-28T23:59:59Z: February.
            await PredictAsync(a, PerCallModel, new { text = "last call of February" });

            Time.SetUtcNow(At("2026-03-10T12:00:00Z"));
            for (var i = 0; i < 10; i++)
            {
                await PredictAsync(a, PerCallModel, new { text = $"where is my order {i}" }, i == 0 ? "order-0" : null);
            }

            await PredictAsync(a, PerCallModel, new { text = "where is my order 0" }, "order-0");
            await PredictAsync(a, PerCallModel, new { text = "where is my order 0" }, "order-0");
            await PredictAsync(a, PerCallModel, new { texts = new[] { "refund please", "cancel it", "upgrade me" } });
            var review = string.Concat(Enumerable.Repeat("good film ", 50));
            for (var i = 0; i < 3; i++)
            {
                await PredictAsync(a, PerUnitModel, new { text = review });
            }

            for (var i = 0; i < 2; i++)
            {
                await PredictAsync(b, PerCallModel, new { texts = Enumerable.Range(0, 250).Select(n => $"help {i}-{n}").ToArray() });
            }

            for (var i = 0; i < 7; i++)
            {
                await PredictAsync(b, PerCallModel, new { text = $"question {i}" });
            }

            // 2026-04-01T00:00:00Z: April (the period is half-open).
            Time.SetUtcNow(At("2026-04-01T00:00:00Z"));
            await PredictAsync(a, PerCallModel, new { text = "first call of April" });

            Time.SetUtcNow(At("2026-04-01T01:00:00Z"));
            var webhook = await (await a.PostJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/invoices", events = new[] { "invoice.finalized" } })).ReadJsonAsync(HttpStatusCode.Created);
            var run = await RunBillingAsync(op, "2026-03");
            return new March(op, operatorId, provider, providerId, a, aId, b, bId, run, (string)webhook["id"]!);
        }
    }

    [Fact]
    public async Task FinalizingAnInvoice_PublishesInvoiceFinalized_ToTheOrganisationsWebhooks()
    {
        var march = await scenario.MarchAsync();
        var invoiceId = await march.InvoiceIdOfAsync(march.DeveloperA);

        var deliveries = (await march.DeveloperA.GetJsonAsync($"/v1/webhooks/{march.DeveloperAWebhookId}/deliveries"))["items"]!.AsArray();

        var delivery = Assert.Single(deliveries);
        Assert.Equal("invoice.finalized", (string?)delivery!["eventType"]);
        Assert.Equal($"invoice.finalized:{invoiceId}", (string?)delivery["eventKey"]);
    }

    [Fact]
    public async Task BillingMarch_CreatesAndFinalizesOneInvoicePerDeveloper_AndAStatementPerProvider()
    {
        var march = await scenario.MarchAsync();

        Assert.Equal("2026-03", (string?)march.Run["period"]);
        Assert.Equal(2, (int)march.Run["invoicesCreated"]!);
        Assert.Equal(2, (int)march.Run["invoicesFinalized"]!);
        Assert.Equal(2, (int)march.Run["statementsCreated"]!);
        Assert.Equal(0, (int)march.Run["draftsRemaining"]!);
    }

    [Fact]
    public async Task DeveloperA_IsBilledPerModelAndMeter_RoundedOncePerLine_AndFullyCoveredByPrepaidCredit()
    {
        var march = await scenario.MarchAsync();

        var invoice = await march.DeveloperA.GetJsonAsync($"/v1/invoices/{await march.InvoiceIdOfAsync(march.DeveloperA)}");

        Assert.Matches("^MM-202603-0000[12]$", (string?)invoice["number"]);
        Assert.Equal(march.DeveloperAId.ToString(), (string?)invoice["accountId"]);
        Assert.Equal("USD", (string?)invoice["currency"]);
        Assert.Equal("2026-03-01T00:00:00+00:00", (string?)invoice["period"]!["start"]);
        Assert.Equal("2026-04-01T00:00:00+00:00", (string?)invoice["period"]!["end"]);
        var lines = invoice["lines"]!.AsArray();
        Assert.Equal(2, lines.Count);
        // 13 calls × 0.002 = 0.026 → 0.03; 1,500 characters at 0.01 per 1,000 = 0.015 → 0.02 (half away from zero).
        AssertLine(lines[0]!, 1, "demo-intents", "calls", 13, "0.002 USD per call", "0.03", march.OperatorId);
        AssertLine(lines[1]!, 2, "tiny-reviews", "characters", 1500, "0.01 USD per 1,000 characters", "0.02", march.ProviderId);
        Assert.Equal("0.05", (string?)invoice["subtotal"]);
        var credit = invoice["credits"]!.AsArray().Single()!;
        Assert.Equal("prepaid", (string?)credit["kind"]);
        Assert.Equal("0.05", (string?)credit["amount"]);
        Assert.Equal("0.05", (string?)credit["applied"]);
        Assert.Equal("0.05", (string?)invoice["creditsApplied"]);
        Assert.Equal("0.00", (string?)invoice["total"]);
        Assert.NotNull(invoice["issuedAt"]);
    }

    [Fact]
    public async Task DeveloperB_IsBilledForCallsInBatchesAndSingly()
    {
        var march = await scenario.MarchAsync();

        var invoice = await march.DeveloperB.GetJsonAsync($"/v1/invoices/{await march.InvoiceIdOfAsync(march.DeveloperB)}");

        // 507 calls × 0.002 = 1.014 → 1.01.
        AssertLine(invoice["lines"]!.AsArray().Single()!, 1, "demo-intents", "calls", 507, "0.002 USD per call", "1.01", march.OperatorId);
        Assert.Equal("1.01", (string?)invoice["subtotal"]);
        Assert.Equal("1.01", (string?)invoice["creditsApplied"]);
        Assert.Equal("0.00", (string?)invoice["total"]);
    }

    [Fact]
    public async Task RetriedRequests_AndUsageOutsideTheHalfOpenMonth_AreNotBilled()
    {
        var march = await scenario.MarchAsync();

        var calls = await scenario.WithDbAsync(db => db.UsageEvents.AsNoTracking()
            .Where(e => e.AccountId == march.DeveloperAId && e.Meter == "calls" && e.ModelName == BillingFactory.PerCallModel)
            .Select(e => new { e.OccurredAt, e.Quantity }).ToListAsync());

        // 15 calls were recorded (the two replays of 'order-0' were not), 13 of them inside March.
        Assert.Equal(15, calls.Sum(c => c.Quantity));
        Assert.Contains(calls, c => c.OccurredAt == BillingFactory.At("2026-02-28T23:59:59Z"));
        Assert.Contains(calls, c => c.OccurredAt == BillingFactory.At("2026-04-01T00:00:00Z"));
        var invoice = await march.DeveloperA.GetJsonAsync($"/v1/invoices/{await march.InvoiceIdOfAsync(march.DeveloperA)}");
        Assert.Equal(13, (long)invoice["lines"]![0]!["quantity"]!);
    }

    [Fact]
    public async Task ProviderStatements_TakeTheOperatorsFeeRoundedOnce_AndAddUp()
    {
        var march = await scenario.MarchAsync();

        // demo-intents earned 0.03 + 1.01 = 1.04; 15 % is 0.156 → 0.16 (per-line fees would give 0.00 + 0.15).
        var own = (await march.Operator.GetJsonAsync("/v1/statements"))["items"]!.AsArray().Single()!;
        Assert.Equal("2026-03", (string?)own["period"]!["month"]);
        Assert.Equal("1.04", (string?)own["gross"]);
        Assert.Equal("15", (string?)own["feePercent"]);
        Assert.Equal("0.16", (string?)own["fee"]);
        Assert.Equal("0.88", (string?)own["payout"]);
        // tiny-reviews earned 0.02; 15 % is 0.003 → 0.00.
        var other = (await march.Provider.GetJsonAsync("/v1/statements"))["items"]!.AsArray().Single()!;
        Assert.Equal("0.02", (string?)other["gross"]);
        Assert.Equal("0.00", (string?)other["fee"]);
        Assert.Equal("0.02", (string?)other["payout"]);
        var one = await march.Provider.GetJsonAsync($"/v1/statements/{(string?)other["id"]}");
        Assert.Equal(march.ProviderId.ToString(), (string?)one["providerAccountId"]);

        var fee = await scenario.WithDbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.Reason == "platform-fee").ToListAsync());
        Assert.Equal(2, fee.Count);
        Assert.Contains(fee, e => e is { Side: "debit", Book: "provider-earnings", AmountMicros: 160_000 } && e.AccountId == march.OperatorId);
        Assert.Contains(fee, e => e is { Side: "credit", Book: "platform-fees", AmountMicros: 160_000 } && e.AccountId == Guid.Empty);
    }

    [Fact]
    public async Task RunningMarchAgain_EvenSeveralTimesAtOnce_CreatesNothingNew()
    {
        var march = await scenario.MarchAsync();

        var reruns = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => BillingFactory.RunBillingAsync(march.Operator, "2026-03")));

        Assert.All(reruns, r =>
        {
            Assert.Equal(0, (int)r["invoicesCreated"]!);
            Assert.Equal(0, (int)r["invoicesFinalized"]!);
            Assert.Equal(0, (int)r["statementsCreated"]!);
        });
        var start = BillingFactory.At("2026-03-01T00:00:00Z");
        Assert.Equal(2, await scenario.WithDbAsync(db => db.Invoices.CountAsync(i => i.PeriodStart == start)));
        Assert.Equal(2, await scenario.WithDbAsync(db => db.ProviderStatements.CountAsync(s => s.PeriodStart == start)));
        Assert.Equal(2, await scenario.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.Reason == "platform-fee")));
    }

    [Fact]
    public async Task InvoiceCsv_HasAHeaderOneRowPerLineAndTheTotals_QuotedPerRfc4180()
    {
        var march = await scenario.MarchAsync();
        var id = await march.InvoiceIdOfAsync(march.DeveloperA);
        var number = (string)(await march.DeveloperA.GetJsonAsync($"/v1/invoices/{id}"))["number"]!;

        var response = await march.DeveloperA.GetAsync(new Uri($"/v1/invoices/{id}.csv", UriKind.Relative));
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{number}.csv", response.Content.Headers.ContentDisposition?.FileName);
        var prefix = $"{number},2026-03,USD";
        Assert.Equal(
            "invoice,period,currency,position,description,model,meter,quantity,price,amount\r\n" +
            $"{prefix},1,demo-intents — calls,demo-intents,calls,13,0.002 USD per call,0.03\r\n" +
            $"{prefix},2,tiny-reviews — characters,tiny-reviews,characters,1500,\"0.01 USD per 1,000 characters\",0.02\r\n" +
            $"{prefix},,Subtotal,,,,,0.05\r\n" +
            $"{prefix},,Prepaid balance used by this usage,,,,,-0.05\r\n" +
            $"{prefix},,Total,,,,,0.00\r\n",
            csv);
        Assert.Equal(csv, await march.DeveloperA.GetStringAsync(new Uri($"/v1/invoices/{id}?format=csv", UriKind.Relative)));
        await (await march.DeveloperA.GetAsync(new Uri($"/v1/invoices/{id}?format=xml", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-format");
    }

    [Fact]
    public async Task LedgerCheck_ForMarch_BalancesAndTheInvoiceLinesEqualTheRatedUsage()
    {
        var march = await scenario.MarchAsync();

        var check = await march.Operator.GetJsonAsync("/v1/admin/ledger/check?period=2026-03");

        Assert.Empty(check["problems"]!.AsArray());
        Assert.True((bool)check["balanced"]!);
        // Wallet debits and provider credits of March's calls: 0.026 + 0.015 + 1.014 USD = 105.5 cents each way.
        Assert.Equal(105.5m, (decimal)check["debitsMinor"]!);
        Assert.Equal(105.5m, (decimal)check["creditsMinor"]!);
        Assert.Equal(106, (long)check["invoiceLinesMinor"]!);
        Assert.Equal(106, (long)check["ratedUsageMinor"]!);
    }

    [Fact]
    public async Task PayingAFinalizedInvoice_MarksItPaid_AndAPaidInvoiceCanNeitherBeVoidedNorPaidAgain()
    {
        var march = await scenario.MarchAsync();
        var id = await march.InvoiceIdOfAsync(march.DeveloperA);

        var paid = await (await march.DeveloperA.PostJsonAsync($"/v1/invoices/{id}/pay", new { })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("paid", (string?)paid["status"]);
        Assert.NotNull(paid["paidAt"]);

        var voided = await (await march.Operator.PostJsonAsync($"/v1/invoices/{id}/void", new { reason = "duplicate" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "invalid-invoice-transition");
        Assert.Equal("paid", (string?)voided["currentStatus"]);
        Assert.Contains("it is paid", (string?)voided["detail"], StringComparison.Ordinal);
        await (await march.DeveloperA.PostJsonAsync($"/v1/invoices/{id}/pay", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-invoice-transition");
        await (await march.Operator.PostJsonAsync($"/v1/invoices/{id}/finalize", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-invoice-transition");
        Assert.Equal("paid", (string?)(await march.DeveloperA.GetJsonAsync($"/v1/invoices/{id}"))["status"]);
    }

    [Fact]
    public async Task FinalizedInvoice_IsVoidedByTheOperatorWithAReason_NotByItsOwnOrganisation()
    {
        var march = await scenario.MarchAsync();
        var id = await march.InvoiceIdOfAsync(march.DeveloperB);

        await (await march.DeveloperB.PostJsonAsync($"/v1/invoices/{id}/void", new { reason = "I disagree" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");
        await (await march.Operator.PostJsonAsync($"/v1/invoices/{id}/void", new { reason = " " })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-void-reason");
        var voided = await (await march.Operator.PostJsonAsync($"/v1/invoices/{id}/void", new { reason = "billed in error" })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("void", (string?)voided["status"]);
        Assert.Equal("billed in error", (string?)voided["voidReason"]);
        Assert.NotNull(voided["voidedAt"]);
        var paid = await (await march.DeveloperB.PostJsonAsync($"/v1/invoices/{id}/pay", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "invalid-invoice-transition");
        Assert.Equal("void", (string?)paid["currentStatus"]);
    }

    [Fact]
    public async Task AnotherOrganisation_GetsNotFound_ForEveryRouteOfSomeoneElsesInvoiceOrStatement()
    {
        var march = await scenario.MarchAsync();
        var id = await march.InvoiceIdOfAsync(march.DeveloperA);
        var statementId = (string)(await march.Provider.GetJsonAsync("/v1/statements"))["items"]![0]!["id"]!;
        var (stranger, _) = await scenario.OrganisationAsync("stranger");

        foreach (var path in new[] { $"/v1/invoices/{id}", $"/v1/invoices/{id}.csv", $"/v1/invoices/{id}?format=csv" })
        {
            await (await stranger.GetAsync(new Uri(path, UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "invoice-not-found");
            await (await march.DeveloperB.GetAsync(new Uri(path, UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "invoice-not-found");
        }

        foreach (var action in new[] { "finalize", "pay", "void" })
        {
            await (await stranger.PostJsonAsync($"/v1/invoices/{id}/{action}", new { reason = "mine now" })).AssertProblemAsync(HttpStatusCode.NotFound, "invoice-not-found");
        }

        Assert.Empty((await stranger.GetJsonAsync("/v1/invoices"))["items"]!.AsArray());
        Assert.DoesNotContain((await march.DeveloperB.GetJsonAsync("/v1/invoices"))["items"]!.AsArray(), i => (string?)i!["id"] == id);
        await (await stranger.GetAsync(new Uri($"/v1/statements/{statementId}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "statement-not-found");
        await (await march.Operator.GetAsync(new Uri($"/v1/statements/{statementId}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "statement-not-found");
        Assert.Empty((await stranger.GetJsonAsync("/v1/statements"))["items"]!.AsArray());
    }

    [Fact]
    public async Task BillingAdministration_IsForTheOperatorOnly_AndOnlyForEndedMonths()
    {
        var march = await scenario.MarchAsync();

        await (await march.DeveloperA.PostJsonAsync("/v1/admin/billing/run", new { period = "2026-03" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");
        await (await march.DeveloperA.GetAsync(new Uri("/v1/admin/ledger/check?period=2026-03", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden-role");
        await (await march.Operator.PostJsonAsync("/v1/admin/billing/run", new { period = "2026-04" })).AssertProblemAsync(HttpStatusCode.Conflict, "period-not-ended");
        await (await march.Operator.PostJsonAsync("/v1/admin/billing/run", new { period = "2026-13" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-period");
        await (await march.Operator.PostJsonAsync("/v1/admin/billing/run", new { period = "March" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-period");
        await (await march.Operator.GetAsync(new Uri("/v1/admin/ledger/check?period=2026-03&currency=XYZ", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-currency");
    }

    [Fact]
    public async Task InvoiceList_HoldsOnlyTheOrganisationsOwnInvoices_AsSummaries()
    {
        var march = await scenario.MarchAsync();

        var items = (await march.DeveloperB.GetJsonAsync("/v1/invoices"))["items"]!.AsArray();

        var summary = items.Single()!;
        Assert.Equal("2026-03", (string?)summary["period"]!["month"]);
        Assert.Equal("1.01", (string?)summary["subtotal"]);
        Assert.Equal("1.01", (string?)summary["creditsApplied"]);
        Assert.Equal("0.00", (string?)summary["total"]);
        Assert.Null(summary["lines"]);
    }

    private static void AssertLine(JsonNode line, int position, string model, string meter, long quantity, string price, string amount, Guid provider)
    {
        Assert.Equal(position, (int)line["position"]!);
        Assert.Equal(model, (string?)line["model"]);
        Assert.Equal($"{model} — {meter}", (string?)line["description"]);
        Assert.Equal(meter, (string?)line["meter"]);
        Assert.Equal(quantity, (long)line["quantity"]!);
        Assert.Equal(price, (string?)line["price"]);
        Assert.Equal(amount, (string?)line["amount"]);
        Assert.Equal(provider.ToString(), (string?)line["providerAccountId"]);
    }
}
