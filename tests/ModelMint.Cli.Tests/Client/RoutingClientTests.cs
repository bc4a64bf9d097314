using System.Net;
using System.Text.Json;
using ModelMint.Cli.Tests.Fakes;
using ModelMint.Client;

namespace ModelMint.Cli.Tests.Client;

/// <summary>The SDK's canary and shadow routing calls against the fake handler: the wire format both ways.</summary>
public sealed class RoutingClientTests
{
    private readonly FakeApi _api = new();

    [Fact]
    public async Task GetRouting_ReadsCanaryShadowAndComparisons()
    {
        _api.OnJson(HttpMethod.Get, "/v1/models/sentiment/routing", ContractJson.Routing);

        var routing = await _api.CreateClient().GetRoutingAsync("sentiment");

        Assert.Equal("sentiment", routing.Model);
        Assert.Equal(1, routing.Production);
        Assert.Equal(new CanaryRoute("candidate", 2, 10), routing.Canary);
        Assert.Equal(new ShadowRoute("2", 2), routing.Shadow);
        Assert.Equal(3, routing.ShadowSkippedOnThisNode);
        var comparison = Assert.Single(routing.Comparisons);
        Assert.Equal((1, 2, 200L, 174L, 0.87), (comparison.ServedVersion, comparison.ShadowVersion, comparison.Texts, comparison.Agreed, comparison.Agreement));
        Assert.Equal(new LabelDisagreement("positive", "negative", 20), comparison.Disagreements[0]);
        Assert.Equal(3, comparison.Disagreements.Count);
    }

    [Fact]
    public async Task GetRouting_WithoutRouting_HasNullParts()
    {
        _api.OnJson(HttpMethod.Get, "/v1/models/sentiment/routing", ContractJson.NoRouting);

        var routing = await _api.CreateClient().GetRoutingAsync("sentiment");

        Assert.Null(routing.Canary);
        Assert.Null(routing.Shadow);
        Assert.Empty(routing.Comparisons);
    }

    [Fact]
    public async Task SetRouting_SendsVersionNumbersAsNumbers_AndAliasesAsStrings()
    {
        _api.OnJson(HttpMethod.Put, "/v1/models/sentiment/routing", ContractJson.Routing);

        await _api.CreateClient().SetRoutingAsync("sentiment", new RoutingUpdate(new CanaryUpdate("candidate", 10), new ShadowUpdate("2")));

        var request = Assert.Single(_api.Requests);
        Assert.Equal("application/json", request.ContentType);
        using var body = JsonDocument.Parse(request.Body);
        var canary = body.RootElement.GetProperty("canary");
        Assert.Equal(JsonValueKind.String, canary.GetProperty("version").ValueKind);
        Assert.Equal("candidate", canary.GetProperty("version").GetString());
        Assert.Equal(10, canary.GetProperty("percent").GetInt32());
        var shadow = body.RootElement.GetProperty("shadow").GetProperty("version");
        Assert.Equal(JsonValueKind.Number, shadow.ValueKind);
        Assert.Equal(2, shadow.GetInt32());
    }

    [Fact]
    public async Task SetRouting_LeavesOutTheMissingPart()
    {
        _api.OnJson(HttpMethod.Put, "/v1/models/sentiment/routing", ContractJson.Routing);

        await _api.CreateClient().SetRoutingAsync("sentiment", new RoutingUpdate(Shadow: new ShadowUpdate("candidate")));

        using var body = JsonDocument.Parse(Assert.Single(_api.Requests).Body);
        Assert.False(body.RootElement.TryGetProperty("canary", out _));
        Assert.Equal("candidate", body.RootElement.GetProperty("shadow").GetProperty("version").GetString());
    }

    [Fact]
    public async Task ClearRouting_SendsDelete()
    {
        _api.On(HttpMethod.Delete, "/v1/models/sentiment/routing", _ => new HttpResponseMessage(HttpStatusCode.NoContent));

        await _api.CreateClient().ClearRoutingAsync("sentiment");

        Assert.Equal(HttpMethod.Delete, Assert.Single(_api.Requests).Method);
    }

    [Fact]
    public async Task SetRouting_Refused_ThrowsWithTheServersCode()
    {
        _api.OnProblem(HttpMethod.Put, "/v1/models/sentiment/routing", HttpStatusCode.BadRequest,
            ContractJson.Problem(400, "invalid-percent", "Invalid request", "'canary.percent' must be a whole number from 0 to 100."));

        var ex = await Assert.ThrowsAsync<ModelMintApiException>(() =>
            _api.CreateClient().SetRoutingAsync("sentiment", new RoutingUpdate(new CanaryUpdate("2", 101))));

        Assert.Equal(400, ex.Status);
        Assert.Equal("invalid-percent", ex.Code);
    }
}
