using System.Net;
using ModelMint.Cli.Tests.Fakes;

namespace ModelMint.Cli.Tests.Commands;

public sealed class BillingCommandsTests
{
    private readonly MintHarness _mint = new();

    [Fact]
    public async Task Balance_ShowsEachCurrencyExactly()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/billing/balance", $$"""
            {"accountId": "{{ContractJson.KeyId}}", "balances": [{"currency": "EUR", "amount": "3"}, {"currency": "USD", "amount": "12.000001"}]}
            """);

        var result = await _mint.RunAsync("balance");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"EUR\s*│\s*3\s*│", result.Output);
        Assert.Matches(@"USD\s*│\s*12\.000001\s*│", result.Output);
        Assert.Contains(ContractJson.KeyId.ToString(), result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyBalance_SaysHowToTopUp()
    {
        _mint.Api.OnJson(HttpMethod.Get, "/v1/billing/balance", $$"""{"accountId": "{{ContractJson.KeyId}}", "balances": []}""");

        var result = await _mint.RunAsync("balance");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No prepaid balance yet. Redeem a code with mint redeem CODE", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redeem_PostsTheCode_AndShowsTheCreditAndTheNewBalance()
    {
        _mint.Api.OnJson(HttpMethod.Post, "/v1/billing/redeem",
            """{"currency": "USD", "amount": "25", "balances": [{"currency": "USD", "amount": "25.5"}]}""");

        var result = await _mint.RunAsync("redeem", "7KQ2-M9XD-4TZW-R1H2");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"code":"7KQ2-M9XD-4TZW-R1H2"}""", Assert.Single(_mint.Api.Requests).Body);
        Assert.Contains("Redeemed 25 USD.", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"USD\s*│\s*25\.5", result.Output);
    }

    [Fact]
    public async Task RedeemAnUnusableCode_ExitsOne_WithAHint()
    {
        _mint.Api.OnProblem(HttpMethod.Post, "/v1/billing/redeem", HttpStatusCode.UnprocessableEntity,
            ContractJson.Problem(422, "redemption-code-unusable", "The request cannot be processed.",
                "This code does not exist, has been used, or has expired."));

        var result = await _mint.RunAsync("redeem", "7KQ2-M9XD-4TZW-R1H3");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(code redemption-code-unusable)", result.Errors, StringComparison.Ordinal);
        Assert.Contains("each code can be redeemed once", result.Errors, StringComparison.Ordinal);
    }
}
