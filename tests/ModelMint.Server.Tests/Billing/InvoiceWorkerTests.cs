using System.Net;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Billing;

/// <summary>The monthly worker, driven by the fake clock: it bills a month once it has ended, and only once.</summary>
public sealed class InvoiceWorkerTests(InvoiceWorkerTests.Factory factory) : IClassFixture<InvoiceWorkerTests.Factory>
{
    public sealed class Factory : BillingFactory
    {
        public Factory()
            : base(At("2026-03-10T00:00:00Z"))
        {
            Settings["Billing:WorkerEnabled"] = "true";
            Settings["Billing:AutoFinalize"] = "false";
            Settings["Billing:PollInterval"] = "00:01:00";
            Settings["Billing:CloseAfter"] = "01:00:00";
        }
    }

    [Fact]
    public async Task AfterTheMonthCloses_TheWorkerDraftsInvoices_AndWritesStatementsOnceTheyAreFinalized()
    {
        await factory.WaitForDemoModelAsync();
        using var op = factory.CreateOperatorClient();
        var operatorId = Guid.Parse((string)(await op.GetJsonAsync("/v1/billing/balance"))["accountId"]!);
        await BillingFactory.PublishAsync(op, BillingFactory.PerCallModel, new { type = "per_call", currency = "USD", amount = "0.002" });
        var (developer, developerId) = await factory.DeveloperWithBalanceAsync(1_000_000);
        await BillingFactory.PredictAsync(developer, BillingFactory.PerCallModel, new { texts = Enumerable.Range(0, 50).Select(i => $"message {i}").ToArray() });

        // The month has ended, but not the hour the worker waits for late usage.
        factory.Time.SetUtcNow(BillingFactory.At("2026-04-01T00:58:00Z"));
        await Task.Delay(300);
        Assert.Empty(await factory.InvoicesOfAsync(developerId));

        await AdvanceUntilAsync(async () => (await factory.InvoicesOfAsync(developerId)).Count == 1);
        var invoice = (await factory.InvoicesOfAsync(developerId)).Single();
        Assert.Equal("draft", invoice.Status);
        Assert.Equal(10, invoice.SubtotalMinor);
        Assert.Equal(10, invoice.CreditsMinor);
        Assert.Equal(0, invoice.TotalMinor);
        Assert.Empty((await op.GetJsonAsync("/v1/statements"))["items"]!.AsArray());

        await (await op.PostJsonAsync($"/v1/invoices/{invoice.Id}/finalize", new { })).ReadJsonAsync(HttpStatusCode.OK);
        await AdvanceUntilAsync(async () => (await op.GetJsonAsync("/v1/statements"))["items"]!.AsArray().Count == 1);
        var statement = (await op.GetJsonAsync("/v1/statements"))["items"]![0]!;
        Assert.Equal(operatorId.ToString(), (string?)statement["providerAccountId"]);
        Assert.Equal("0.10", (string?)statement["gross"]);
        Assert.Equal("20", (string?)statement["feePercent"]);
        Assert.Equal("0.02", (string?)statement["fee"]);
        Assert.Equal("0.08", (string?)statement["payout"]);

        for (var i = 0; i < 5; i++)
        {
            factory.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
        }

        Assert.Single(await factory.InvoicesOfAsync(developerId));
        Assert.Equal(1, await factory.WithDbAsync(db => db.ProviderStatements.CountAsync()));
        developer.Dispose();
    }

    /// <summary>Moves the clock a minute at a time (one worker poll) until <paramref name="done"/> holds.</summary>
    private async Task AdvanceUntilAsync(Func<Task<bool>> done)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await done())
            {
                return;
            }

            factory.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
        }

        Assert.Fail("the worker did not get there");
    }
}
