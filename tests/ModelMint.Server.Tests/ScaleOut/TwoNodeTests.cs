using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Billing;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.ScaleOut;

/// <summary>
/// What must hold across nodes (issue 8), each through two real server processes sharing PostgreSQL and Redis:
/// limits, balances, revocations, aliases, training jobs, model files and usage stay exact.
/// </summary>
[Trait("Category", "ScaleOut")]
public sealed class TwoNodeTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private static readonly string DemoCsv = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "customer-messages.csv"));
    private static readonly SemaphoreSlim Training = new(1, 1);
    private static string? trainedModel;

    private HttpClient OperatorA => nodes.Client(nodes.AddressA, nodes.OperatorKey);

    private HttpClient OperatorB => nodes.Client(nodes.AddressB, nodes.OperatorKey);

    /// <summary>A model of the operator's, trained once (through A) for the tests that only need something to call.</summary>
    private async Task<string> ModelAsync()
    {
        await Training.WaitAsync();
        try
        {
            if (trainedModel is null)
            {
                await TrainThroughAsync(OperatorA, "shared-intents");
                trainedModel = "shared-intents";
            }

            return trainedModel;
        }
        finally
        {
            Training.Release();
        }
    }

    private static async Task<JsonNode> TrainThroughAsync(HttpClient client, string modelName)
    {
        var dataset = await client.UploadOkAsync(Encoding.UTF8.GetBytes(DemoCsv), "customer-messages.csv");
        var job = await client.TrainAsync(new { datasetId = (string)dataset["id"]!, modelName, trainer = "linear-svm", seed = 1 });
        Assert.True((string?)job["status"] == "succeeded", job.ToJsonString());
        return job;
    }

    private static Task<HttpResponseMessage> PredictAsync(HttpClient client, string model, string text, string? idempotencyKey = null, string? version = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{model}/predict") { Content = JsonContent.Create<object>(version is null ? new { text } : new { text, version }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>Waits past the end of a minute when fewer than <paramref name="needed"/> remain, so a burst stays inside one window.</summary>
    private static async Task AwayFromTheMinuteEdgeAsync(TimeSpan needed)
    {
        var now = DateTimeOffset.UtcNow;
        var left = TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(now.Ticks % TimeSpan.TicksPerMinute);
        if (left < needed)
        {
            await Task.Delay(left + TimeSpan.FromSeconds(1));
        }
    }

    [ScaleOutFact]
    public async Task ModelTrainedOnOneNode_PredictsOnTheOther()
    {
        var job = await TrainThroughAsync(OperatorA, "trained-elsewhere");
        var jobId = (string)job["id"]!;
        // Whichever node claimed the job trained it; the other has never seen the model file before.
        var trainer = nodes.A.Printed(jobId) ? "A" : nodes.B.Printed(jobId) ? "B" : null;
        Assert.NotNull(trainer);
        var other = trainer == "A" ? OperatorB : OperatorA;

        var prediction = await (await PredictAsync(other, "trained-elsewhere", "I was charged twice for my last order")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, (int?)prediction["version"]);
        Assert.False(string.IsNullOrEmpty((string?)prediction["predictions"]![0]!["label"]));
    }

    [ScaleOutFact]
    public async Task RateLimitOfN_HitThroughBothNodesAtOnce_LetsThroughN()
    {
        const int limit = 20;
        var model = await ModelAsync();
        var created = await (await OperatorA.PostJsonAsync("/v1/keys", new { name = "limited", requestsPerMinute = limit })).ReadJsonAsync(HttpStatusCode.Created);
        var key = (string)created["key"]!;
        var viaA = nodes.Client(nodes.AddressA, key);
        var viaB = nodes.Client(nodes.AddressB, key);
        await AwayFromTheMinuteEdgeAsync(TimeSpan.FromSeconds(15));

        var responses = await Task.WhenAll(Enumerable.Range(0, 3 * limit).Select(i => PredictAsync(i % 2 == 0 ? viaA : viaB, model, $"where is my parcel {i}")));

        Assert.Equal(limit, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(2 * limit, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [ScaleOutFact]
    public async Task BalanceForExactlyNCalls_SpentThroughBothNodes_GivesExactlyN_AndLedgerAndRatedUsageAgree()
    {
        const int calls = 10;
        var model = await ModelAsync();
        await (await OperatorA.PutAsJsonAsync($"/v1/models/{model}/listing", new
        {
            published = true,
            description = "Intents, for the two-node balance test",
            price = new { type = "per_call", currency = "USD", amount = "0.01" },
        })).ReadJsonAsync(HttpStatusCode.OK);
        using var anonymous = new HttpClient { BaseAddress = nodes.AddressB };
        var signUp = await (await anonymous.PostJsonAsync("/v1/auth/signup", new
        {
            email = $"dev-{Guid.NewGuid():N}@example.com",
            password = AccountsApi.Password,
            organisation = "two-node developer",
            role = "developer",
        })).ReadJsonAsync(HttpStatusCode.Created);
        var accountId = (string)signUp["organisation"]!["id"]!;
        await (await OperatorA.PostJsonAsync($"/v1/admin/accounts/{accountId}/credits", new { amount = "0.10", currency = "USD", reason = "two-node test" })).ReadJsonAsync(HttpStatusCode.OK);
        var key = (string)signUp["key"]!;
        var viaA = nodes.Client(nodes.AddressA, key);
        var viaB = nodes.Client(nodes.AddressB, key);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4 * calls).Select(i => PredictAsync(i % 2 == 0 ? viaA : viaB, model, $"refund my order {i}")));

        Assert.Equal(calls, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(3 * calls, responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired));
        var balance = await viaB.GetJsonAsync("/v1/billing/balance");
        Assert.Equal("0", (string?)balance["balances"]!.AsArray().Single(b => (string?)b!["currency"] == "USD")!["amount"]);
        await using var db = nodes.Database();
        var payer = Guid.Parse(accountId);
        var debited = await db.LedgerEntries.Where(e => e.AccountId == payer && e.Book == Books.Wallet && e.Side == Books.Debit && e.Reason == "usage").SumAsync(e => e.AmountMicros);
        Assert.Equal(calls * 10_000, debited);
        var events = await db.UsageEvents.CountAsync(e => e.AccountId == payer && e.Meter == "calls");
        Assert.Equal(calls, events);
        var month = DateTimeOffset.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var check = await OperatorB.GetJsonAsync($"/v1/admin/ledger/check?period={month}");
        // Every ledger transaction balances, and what the month's invoice will bill (rated usage; the month has not ended,
        // so it is not invoiced yet) equals what the ledger moved out of the wallet: 10 calls × 1 cent.
        Assert.Equal((decimal)check["debitsMinor"]!, (decimal)check["creditsMinor"]!);
        Assert.Equal(calls, (long)check["ratedUsageMinor"]!);
        Assert.All(check["problems"]!.AsArray(), p => Assert.Contains("has no invoice for it", (string)p!, StringComparison.Ordinal));
    }

    [ScaleOutFact]
    public async Task KeyRevokedThroughA_IsRefusedByB_WithinOneSecond()
    {
        var model = await ModelAsync();
        var created = await (await OperatorA.PostJsonAsync("/v1/keys", new { name = "to revoke" })).ReadJsonAsync(HttpStatusCode.Created);
        var viaB = nodes.Client(nodes.AddressB, (string)created["key"]!);
        for (var i = 0; i < 3; i++)
        {
            // B now holds the key in its hot-path cache.
            await (await PredictAsync(viaB, model, "hello")).ReadJsonAsync(HttpStatusCode.OK);
        }

        var revoked = await OperatorA.DeleteAsync(new Uri($"/v1/keys/{created["id"]}", UriKind.Relative));
        Assert.True(revoked.IsSuccessStatusCode, await revoked.Content.ReadAsStringAsync());
        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await PredictAsync(viaB, model, "hello")).StatusCode;
        }
        while (status == HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"B accepted the revoked key for {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [ScaleOutFact]
    public async Task AliasMovedOnA_IsServedByB_WithinOneSecond()
    {
        await TrainThroughAsync(OperatorA, "aliased");
        await TrainThroughAsync(OperatorA, "aliased");
        await (await OperatorA.PutAsJsonAsync("/v1/models/aliased/aliases/production", new { version = 2 })).ReadJsonAsync(HttpStatusCode.OK);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(2, (int?)(await (await PredictAsync(OperatorB, "aliased", "hello")).ReadJsonAsync(HttpStatusCode.OK))["version"]);
        }

        await (await OperatorA.PutAsJsonAsync("/v1/models/aliased/aliases/production", new { version = 1 })).ReadJsonAsync(HttpStatusCode.OK);
        var watch = Stopwatch.StartNew();
        int? served;
        do
        {
            served = (int?)(await (await PredictAsync(OperatorB, "aliased", "hello")).ReadJsonAsync(HttpStatusCode.OK))["version"];
        }
        while (served == 2 && watch.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal(1, served);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"B served the old production version for {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [ScaleOutFact]
    public async Task UsageThroughBothNodes_AggregatesExactly_AndAnIdempotencyKeyBillsOnceAcrossNodes()
    {
        const int calls = 30;
        var model = await ModelAsync();
        var created = await (await OperatorA.PostJsonAsync("/v1/keys", new { name = "usage" })).ReadJsonAsync(HttpStatusCode.Created);
        var keyId = Guid.Parse((string)created["id"]!);
        var viaA = nodes.Client(nodes.AddressA, (string)created["key"]!);
        var viaB = nodes.Client(nodes.AddressB, (string)created["key"]!);

        // Every call is sent through both nodes at once with the same key: each must be billed exactly once.
        var responses = await Task.WhenAll(Enumerable.Range(0, calls).SelectMany(i => new[]
        {
            PredictAsync(viaA, model, $"cancel my subscription {i}", $"call-{i}"),
            PredictAsync(viaB, model, $"cancel my subscription {i}", $"call-{i}"),
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var db = nodes.Database();
        var keys = await db.UsageEvents.Where(e => e.KeyId == keyId && e.Meter == "calls").Select(e => e.IdempotencyKey).ToListAsync();
        Assert.Equal(calls, keys.Count);
        Assert.Equal(calls, keys.Distinct().Count());
        var rolledUp = await db.UsageRollups.Where(r => r.KeyId == keyId && r.Meter == "calls").SumAsync(r => r.Events);
        Assert.Equal(calls, rolledUp);
        var characters = await db.UsageEvents.Where(e => e.KeyId == keyId && e.Meter == "characters").SumAsync(e => e.Quantity);
        var rolledUpCharacters = await db.UsageRollups.Where(r => r.KeyId == keyId && r.Meter == "characters").SumAsync(r => r.Quantity);
        Assert.Equal(characters, rolledUpCharacters);
    }

    [ScaleOutFact]
    public async Task TrainingJob_WhoseNodeIsKilledMidJob_IsRunAgainByTheOtherNode_AndPublishedOnce()
    {
        var dataset = await OperatorA.UploadOkAsync(await File.ReadAllBytesAsync(SharedData.Path("rt_polarity", "train.csv")), "rt_polarity-train.csv");
        var created = await (await OperatorA.PostJsonAsync("/v1/training-jobs", new
        {
            datasetId = (string)dataset["id"]!,
            modelName = "survivor",
            trainer = "bilstm",
            parameters = new Dictionary<string, string> { ["epochs"] = "2", ["patience"] = "2", ["embeddingDim"] = "16", ["hiddenSize"] = "16", ["denseSize"] = "16" },
        })).ReadJsonAsync(HttpStatusCode.Accepted);
        var jobId = (string)created["id"]!;
        var id = Guid.Parse(jobId);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!nodes.A.Printed(jobId) && !nodes.B.Printed(jobId))
        {
            Assert.True(DateTime.UtcNow < deadline, "no node claimed the job");
            await Task.Delay(50);
        }

        var (claimer, survivor, survivorAddress) = nodes.A.Printed(jobId) ? (nodes.A, nodes.B, nodes.AddressB) : (nodes.B, nodes.A, nodes.AddressA);
        string firstClaim;
        await using (var db = nodes.Database())
        {
            firstClaim = (await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == id)).ClaimedBy!;
        }

        try
        {
            await claimer.KillAsync();
            var job = await nodes.Client(survivorAddress, nodes.OperatorKey).WaitForJobAsync(jobId, TimeSpan.FromMinutes(5));

            Assert.True((string?)job["status"] == "succeeded", job.ToJsonString());
            Assert.True(survivor.Printed(jobId), "the surviving node did not run the job");
            await using var db = nodes.Database();
            var stored = await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == id);
            Assert.Equal(2, stored.Attempts);
            Assert.NotEqual(firstClaim, stored.ClaimedBy);
            var versions = await db.ModelVersions.CountAsync(v => db.Models.Any(m => m.Id == v.ModelId && m.Name == "survivor"));
            Assert.Equal(1, versions);
        }
        finally
        {
            await nodes.RestartAsync(claimer);
        }
    }
}
