using System.Net;
using System.Text;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.ScaleOut;

/// <summary>
/// A node on PostgreSQL whose Redis is unreachable: metered calls are refused (a limit that cannot be counted is not
/// waved through) and charge nothing; everything that needs no shared counter keeps working.
/// </summary>
[Trait("Category", "ScaleOut")]
public sealed class RedisDownTests(RedisDownTests.Factory factory) : IClassFixture<RedisDownTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public Factory()
        {
            Settings["Database:SingleNode"] = "false";
            // Nothing listens on port 1.
            Settings["Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200,asyncTimeout=500";
        }
    }

    [PostgresFact]
    public async Task MeteredCall_IsRefusedWith503_WhileTrainingAndAccountsKeepWorking()
    {
        using var client = factory.CreateOperatorClient();
        var dataset = await client.UploadOkAsync(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Demo", "customer-messages.csv")), "messages.csv");
        var job = await client.TrainAsync(new { datasetId = (string)dataset["id"]!, modelName = "no-redis", trainer = "linear-svm" });
        Assert.Equal("succeeded", (string?)job["status"]);
        await client.GetJsonAsync("/v1/account");

        var refused = await client.PostJsonAsync("/v1/models/no-redis/predict", new { text = "where is my parcel" });

        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "rate-limit-unavailable");
        var usage = await client.GetJsonAsync("/v1/usage");
        Assert.Empty(usage["items"]!.AsArray());
    }
}
