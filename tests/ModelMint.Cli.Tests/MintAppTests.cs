using System.Net;
using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests;

public sealed class MintAppTests
{
    private readonly MintHarness _mint = new();

    [Fact]
    public async Task MissingKey_ExitsTwo_WithAClearMessage_AndSendsNothing()
    {
        _mint.Environment.Clear();

        var result = await _mint.RunAsync("models", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: no API key. Pass --key mm_... or set the MODELMINT_KEY", result.Errors, StringComparison.Ordinal);
        Assert.Empty(_mint.Api.Requests);
    }

    [Fact]
    public async Task KeyAndUrl_ComeFromTheEnvironment_WhenNotGiven()
    {
        _mint.Environment["MODELMINT_KEY"] = "mm_from_env";
        _mint.Environment["MODELMINT_URL"] = "https://mint.example.com";
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models", """{"items": []}""");

        await _mint.RunAsync("models", "list");

        Assert.Equal(new Uri("https://mint.example.com"), _mint.LastConnection!.Value.Url);
        Assert.Equal("Bearer mm_from_env", Assert.Single(_mint.Api.Requests).Authorization);
    }

    [Fact]
    public async Task KeyAndUrlOptions_WinOverTheEnvironment()
    {
        _mint.Environment["MODELMINT_URL"] = "https://mint.example.com";
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models", """{"items": []}""");

        await _mint.RunAsync("models", "list", "--url", "http://10.0.0.5:5080", "--key", "mm_flag");

        Assert.Equal(new Uri("http://10.0.0.5:5080"), _mint.LastConnection!.Value.Url);
        Assert.Equal("mm_flag", _mint.LastConnection.Value.Key);
    }

    [Fact]
    public async Task NoUrlAnywhere_DefaultsToLocalhost5080()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/models", """{"items": []}""");

        await _mint.RunAsync("models", "list");

        Assert.Equal(new Uri("http://localhost:5080/"), _mint.LastConnection!.Value.Url);
    }

    [Fact]
    public async Task ApiError_ExitsOne_AndPrintsTheDetailToStandardError()
    {
        _mint.Api.OnProblem(HttpMethod.Get, "/v1/models", HttpStatusCode.Unauthorized,
            ContractJson.Problem(401, "invalid-key", "Unauthorized", "The API key is revoked; create a new one."));

        var result = await _mint.RunAsync("models", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: The API key is revoked; create a new one. (code invalid-key)", result.Errors, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task UnreachableServer_SaysWhereItLookedAndHowToStartIt()
    {
        _mint.Api.RefuseConnections();

        var result = await _mint.RunAsync("models", "list", "--url", "http://localhost:5999");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("not reachable at http://localhost:5999/", result.Errors, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/ModelMint.Server", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NeedsNoKey()
    {
        _mint.Environment.Clear();
        _mint.Api.OnJson(HttpMethod.Get, "/healthz", """{"status": "ok"}""");

        var result = await _mint.RunAsync("health");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ok", result.Output, StringComparison.Ordinal);
        Assert.Null(Assert.Single(_mint.Api.Requests).Authorization);
    }

    [Fact]
    public async Task UnknownCommand_IsAUsageError()
    {
        var result = await _mint.RunAsync("bogus");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown command 'bogus'", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlThatIsNotHttp_IsAUsageError()
    {
        var result = await _mint.RunAsync("models", "list", "--url", "localhost");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'localhost' is not a server URL", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimited_SaysWhenToRetry_FromRetryAfter()
    {
        _mint.Api.On(HttpMethod.Post, "/v1/models/sentiment/predict", _ =>
        {
            var response = FakeApi.Problem(HttpStatusCode.TooManyRequests,
                ContractJson.Problem(429, "rate-limit-exceeded", "Too many requests.", "This key may send 5 requests per minute."));
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(37));
            return response;
        });

        var result = await _mint.RunAsync("predict", "sentiment", "great");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(code rate-limit-exceeded)", result.Errors, StringComparison.Ordinal);
        Assert.Contains("Rate limit reached: retry after 37 s.", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsufficientBalance_SaysHowToTopUp()
    {
        _mint.Api.OnProblem(HttpMethod.Post, "/v1/models/sentiment/predict", HttpStatusCode.PaymentRequired,
            ContractJson.Problem(402, "insufficient-balance", "Payment required.", "This call costs 0.01 USD; the prepaid balance is 0 USD."));

        var result = await _mint.RunAsync("predict", "sentiment", "great");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Top up the prepaid balance or redeem a code: mint redeem CODE. See what is left with mint balance.", result.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model-not-allowed", "mint keys create --model NAME")]
    [InlineData("ip-not-allowed", "only works from its allowed addresses")]
    public async Task Forbidden_ExplainsTheKeysRestriction(string code, string hint)
    {
        _mint.Api.OnProblem(HttpMethod.Post, "/v1/models/sentiment/predict", HttpStatusCode.Forbidden,
            ContractJson.Problem(403, code, "Forbidden.", "This key may not do that."));

        var result = await _mint.RunAsync("predict", "sentiment", "great");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(hint, result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdempotencyKeyStillInFlight_SaysToRetryWithTheSameKey()
    {
        _mint.Api.OnProblem(HttpMethod.Post, "/v1/models/sentiment/predict", HttpStatusCode.Conflict,
            ContractJson.Problem(409, "idempotency-key-in-flight", "Conflict.", "A request with Idempotency-Key 'k' is still being processed."));

        var result = await _mint.RunAsync("predict", "sentiment", "great", "--idempotency-key", "k");

        Assert.Contains("retry with the same --idempotency-key", result.Errors, StringComparison.Ordinal);
    }
}
