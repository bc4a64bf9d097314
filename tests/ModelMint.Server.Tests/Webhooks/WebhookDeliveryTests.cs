using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelMint.Data;
using ModelMint.Data.Webhooks;
using ModelMint.Server.Tests.Infrastructure;
using ModelMint.Server.Webhooks;

namespace ModelMint.Server.Tests.Webhooks;

/// <summary>
/// Deliveries to a real receiver on loopback: signed, with the event envelope, retried with backoff on the server's
/// (fake) clock until delivered or given up, every attempt counted and its last result kept.
/// </summary>
public sealed class WebhookDeliveryTests : IClassFixture<WebhookDeliveryTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        // Whole seconds: stored times keep less than tick precision, and the tests compare them exactly.
        public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

        public Factory()
        {
            Settings["Webhooks:PollInterval"] = "00:00:00.050";
            Settings["Webhooks:MaxAttempts"] = "4";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
        }
    }

    private readonly Factory factory;

    public WebhookDeliveryTests(Factory factory) => this.factory = factory;

    private async Task<(HttpClient Client, Guid AccountId)> NewTenantAsync()
    {
        var client = factory.CreateClientWithKey(await factory.CreateAccountAsync("receiver-" + Guid.NewGuid().ToString("N")[..6]));
        return (client, Guid.Parse((string)(await client.GetJsonAsync("/v1/billing/balance"))["accountId"]!));
    }

    private async Task<WebhookReceiver> ReceiverFor(HttpClient client, params string[] events)
    {
        var receiver = await WebhookReceiver.StartAsync();
        receiver.Now = factory.Time.GetUtcNow;
        var created = await (await client.PostJsonAsync("/v1/webhooks", new { url = receiver.Url, events })).ReadJsonAsync(HttpStatusCode.Created);
        receiver.Secret = (string)created["secret"]!;
        return receiver;
    }

    private async Task<int> PublishAsync(Guid accountId, string eventType, string eventKey, object data)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WebhookPublisher>().PublishAsync(accountId, eventType, eventKey, data);
    }

    private static async Task<JsonNode> WaitForDeliveryAsync(HttpClient client, Func<JsonNode, bool> condition)
    {
        var endpoint = (string)(await client.GetJsonAsync("/v1/webhooks"))["items"]![0]!["id"]!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var deliveries = (await client.GetJsonAsync($"/v1/webhooks/{endpoint}/deliveries"))["items"]!.AsArray();
            if (deliveries.Count == 1 && condition(deliveries[0]!))
            {
                return deliveries[0]!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The delivery did not reach the expected state: {deliveries.ToJsonString()}");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task InvoiceFinalized_PublishedOnce_ArrivesOnceSigned_WithTheEnvelopeAndHeaders()
    {
        var (client, accountId) = await NewTenantAsync();
        await using var receiver = await ReceiverFor(client, WebhookEvents.InvoiceFinalized);
        var invoiceId = Guid.CreateVersion7();

        var enqueued = await PublishAsync(accountId, WebhookEvents.InvoiceFinalized, $"invoice.finalized:{invoiceId}", new { invoiceId, total = "12.34", currency = "USD" });
        var again = await PublishAsync(accountId, WebhookEvents.InvoiceFinalized, $"invoice.finalized:{invoiceId}", new { invoiceId, total = "99.99", currency = "USD" });

        Assert.Equal(1, enqueued);
        Assert.Equal(0, again);
        var request = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1));
        Assert.True(request.SignatureValid, $"signature '{request.Signature}' did not verify");
        Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", request.Signature);
        Assert.Equal(WebhookEvents.InvoiceFinalized, request.Event);
        Assert.Equal("1", request.Attempt);
        var body = request.Json;
        Assert.Equal(WebhookEvents.InvoiceFinalized, (string?)body["type"]);
        Assert.Equal(invoiceId.ToString(), (string?)body["data"]!["invoiceId"]);
        Assert.Equal("12.34", (string?)body["data"]!["total"]);
        Assert.True(Guid.TryParse((string?)body["id"], out _));
        Assert.Equal(factory.Time.GetUtcNow(), DateTimeOffset.Parse((string)body["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(WebhookSignature.Verify(receiver.Secret, request.Signature, request.Body.Replace("12.34", "1.34", StringComparison.Ordinal), factory.Time.GetUtcNow(), WebhookSignature.DefaultTolerance));

        var delivery = await WaitForDeliveryAsync(client, d => (string?)d["status"] == "delivered");
        Assert.Equal(request.Delivery, (string?)delivery["id"]);
        Assert.Equal(1, (int)delivery["attempts"]!);
        Assert.Equal(200, (int?)delivery["lastStatusCode"]);
        Assert.Null(delivery["nextAttemptAt"]);
        Assert.NotNull(delivery["deliveredAt"]);
    }

    [Fact]
    public async Task EventTheEndpointDoesNotSubscribeTo_IsNotEnqueued()
    {
        var (client, accountId) = await NewTenantAsync();
        await using var receiver = await ReceiverFor(client, WebhookEvents.BalanceLow);

        Assert.Equal(0, await PublishAsync(accountId, WebhookEvents.InvoiceFinalized, "invoice.finalized:unsubscribed", new { invoiceId = "x" }));
        var (_, otherAccount) = await NewTenantAsync();
        Assert.Equal(0, await PublishAsync(otherAccount, WebhookEvents.BalanceLow, "balance.low:other-tenant", new { balance = "0" }));
    }

    [Fact]
    public async Task ReceiverFailingTwice_IsRetriedAfterTheBackoff_ThenDelivered_WithThreeAttemptsRecorded()
    {
        var (client, accountId) = await NewTenantAsync();
        await using var receiver = await ReceiverFor(client, WebhookEvents.InvoiceFinalized);
        receiver.RespondWith(500, 500);

        await PublishAsync(accountId, WebhookEvents.InvoiceFinalized, "invoice.finalized:retried", new { invoiceId = "inv_retried" });

        var first = await WaitForDeliveryAsync(client, d => (int)d["attempts"]! == 1 && d["lastStatusCode"] is not null);
        Assert.Equal("pending", (string?)first["status"]);
        Assert.Equal(500, (int?)first["lastStatusCode"]);
        Assert.Contains("500", (string?)first["lastError"], StringComparison.Ordinal);
        Assert.Equal(factory.Time.GetUtcNow() + TimeSpan.FromSeconds(10), DateTimeOffset.Parse((string)first["nextAttemptAt"]!, System.Globalization.CultureInfo.InvariantCulture));

        // Not due yet: nothing more is sent until the clock passes the backoff.
        factory.Time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(300);
        Assert.Single(receiver.Received);

        factory.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await WaitForDeliveryAsync(client, d => (int)d["attempts"]! == 2 && d["nextAttemptAt"] is { } next
            && DateTimeOffset.Parse((string)next!, System.Globalization.CultureInfo.InvariantCulture) == factory.Time.GetUtcNow() + TimeSpan.FromSeconds(30));
        Assert.Equal("pending", (string?)second["status"]);

        factory.Time.Advance(TimeSpan.FromSeconds(30));
        var delivered = await WaitForDeliveryAsync(client, d => (string?)d["status"] == "delivered");

        Assert.Equal(3, (int)delivered["attempts"]!);
        Assert.Equal(200, (int?)delivered["lastStatusCode"]);
        Assert.Null(delivered["lastError"]);
        var requests = receiver.Received;
        Assert.Equal([500, 500, 200], requests.Select(r => r.AnsweredWith));
        Assert.Equal(["1", "2", "3"], requests.Select(r => r.Attempt));
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        Assert.Single(requests.Select(r => r.Body).Distinct());
        Assert.Single(requests.Select(r => r.Delivery).Distinct());
    }

    [Fact]
    public async Task ReceiverThatNeverSucceeds_IsMarkedFailedAfterMaxAttempts()
    {
        var (client, accountId) = await NewTenantAsync();
        await using var receiver = await ReceiverFor(client, WebhookEvents.BalanceLow);
        receiver.RespondWith(503, 503, 503, 503, 503);

        await PublishAsync(accountId, WebhookEvents.BalanceLow, "balance.low:never", new { balance = "0.1" });
        for (var attempt = 1; attempt < 4; attempt++)
        {
            // Recorded (not merely claimed) once the next attempt is scheduled by the backoff.
            var due = factory.Time.GetUtcNow() + WebhookBackoff.After(attempt);
            await WaitForDeliveryAsync(client, d => (int)d["attempts"]! == attempt && d["nextAttemptAt"] is { } next
                && DateTimeOffset.Parse((string)next!, System.Globalization.CultureInfo.InvariantCulture) == due);
            factory.Time.Advance(TimeSpan.FromHours(12));
        }

        var failed = await WaitForDeliveryAsync(client, d => (string?)d["status"] == "failed");
        Assert.Equal(4, (int)failed["attempts"]!);
        Assert.Equal(503, (int?)failed["lastStatusCode"]);
        Assert.Null(failed["nextAttemptAt"]);
        factory.Time.Advance(TimeSpan.FromHours(12));
        await Task.Delay(300);
        Assert.Equal(4, receiver.Received.Count);
    }

    [Fact]
    public async Task UnreachableReceiver_RecordsTheErrorWithoutAStatusCode_AndSchedulesARetry()
    {
        var (client, accountId) = await NewTenantAsync();
        var receiver = await ReceiverFor(client, WebhookEvents.UsageThreshold);
        await receiver.DisposeAsync();

        await PublishAsync(accountId, WebhookEvents.UsageThreshold, "usage.threshold:unreachable", new { percent = 50 });

        var delivery = await WaitForDeliveryAsync(client, d => (int)d["attempts"]! == 1 && d["lastError"] is not null);
        Assert.Equal("pending", (string?)delivery["status"]);
        Assert.Null(delivery["lastStatusCode"]);
        Assert.NotNull(delivery["nextAttemptAt"]);
    }

    private async Task<Guid> InsertDeliveryAsync(HttpClient client, Guid accountId, string eventKey, int attempts)
    {
        var endpointId = Guid.Parse((string)(await client.GetJsonAsync("/v1/webhooks"))["items"]![0]!["id"]!);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var delivery = new WebhookDelivery
        {
            Id = Guid.CreateVersion7(),
            EndpointId = endpointId,
            AccountId = accountId,
            EventType = WebhookEvents.InvoiceFinalized,
            EventKey = eventKey,
            PayloadJson = "{}",
            Status = "pending",
            Attempts = attempts,
            NextAttemptAt = factory.Time.GetUtcNow(),
            CreatedAt = factory.Time.GetUtcNow(),
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery.Id;
    }

    [Fact]
    public async Task ManyDispatchersClaimingAtOnce_ExactlyOneGetsTheAttempt()
    {
        var (client, accountId) = await NewTenantAsync();
        await using var receiver = await ReceiverFor(client, WebhookEvents.InvoiceFinalized);
        var id = await InsertDeliveryAsync(client, accountId, "invoice.finalized:contended", attempts: 0);

        // Eight claimants here, plus the server's own dispatcher polling at the same time.
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<WebhookDeliveryQueue>().ClaimDueAsync(16, CancellationToken.None);
        })));

        var won = claims.SelectMany(c => c).Count(c => c.Id == id);
        Assert.True(won <= 1, $"{won} claimants got the same attempt");
        if (won == 0)
        {
            await receiver.WaitForAsync(r => r.Count == 1);
        }

        await Task.Delay(300);
        Assert.Equal(1 - won, receiver.Received.Count);
        await using var check = factory.Services.CreateAsyncScope();
        Assert.Equal(1, (await check.ServiceProvider.GetRequiredService<ModelMintDbContext>().WebhookDeliveries.SingleAsync(d => d.Id == id)).Attempts);
    }

    [Fact]
    public async Task DeliveryWithNoAttemptsLeft_WhoseLastAttemptNeverFinished_IsMarkedFailed_NotSentAgain()
    {
        var (client, accountId) = await NewTenantAsync();
        await using var receiver = await ReceiverFor(client, WebhookEvents.InvoiceFinalized);

        await InsertDeliveryAsync(client, accountId, "invoice.finalized:abandoned", attempts: 4);

        var failed = await WaitForDeliveryAsync(client, d => (string?)d["status"] == "failed");
        Assert.Equal(4, (int)failed["attempts"]!);
        Assert.Contains("did not finish", (string?)failed["lastError"], StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }
}
