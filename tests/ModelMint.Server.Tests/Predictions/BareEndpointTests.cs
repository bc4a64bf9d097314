using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Predictions;

/// <summary>The benchmark's bare endpoint: off unless <c>Bench:BareEndpoint</c> is set; then the same answer as the metered route, unmetered.</summary>
public sealed class BareEndpointTests
{
    public sealed class Enabled : ModelMintFactory
    {
        public Enabled()
        {
            Settings["Bootstrap:DemoModel"] = "true";
            Settings["Bench:BareEndpoint"] = "true";
        }
    }

    private const string Model = "demo-intents";
    private const string Body = "{\"text\":\"I was charged twice for my order\"}";

    private static async Task WaitForDemoAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!(await client.GetJsonAsync("/v1/models"))["items"]!.AsArray().Any(m => (string?)m!["name"] == Model))
        {
            Assert.True(DateTime.UtcNow < deadline, "the demo model was not trained within two minutes");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Off_by_default()
    {
        await using var factory = new ModelMintFactory();
        using var anonymous = factory.CreateClient();

        // Not mapped: the portal's page routes answer other paths for GET only, so a POST gets 404 or 405, never a prediction.
        var status = (await anonymous.PostRawAsync($"/bench/bare/{Model}/predict", Body)).StatusCode;
        Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"POST /bench/bare answered {status} with the bench endpoint off");
        Assert.DoesNotContain(factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>(),
            e => e.RoutePattern.RawText?.StartsWith("/bench", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task When_enabled_answers_without_a_key_like_the_metered_route_and_meters_nothing()
    {
        await using var factory = new Enabled();
        using var client = factory.CreateOperatorClient();
        await WaitForDemoAsync(client);
        using var anonymous = factory.CreateClient();

        var bare = await (await anonymous.PostRawAsync($"/bench/bare/{Model}/predict", Body)).ReadJsonAsync(HttpStatusCode.OK);
        var metered = await (await client.PostRawAsync($"/v1/models/{Model}/predict", Body)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal((int?)metered["version"], (int?)bare["version"]);
        Assert.Equal(metered["predictions"]![0]!["scores"]!.ToJsonString(), bare["predictions"]![0]!["scores"]!.ToJsonString());
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        Assert.Equal(1, await db.UsageEvents.CountAsync(e => e.Meter == "calls"));
    }
}
