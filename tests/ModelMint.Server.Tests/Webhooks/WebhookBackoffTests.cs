using ModelMint.Server.Webhooks;

namespace ModelMint.Server.Tests.Webhooks;

public sealed class WebhookBackoffTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 30)]
    [InlineData(3, 120)]
    [InlineData(4, 600)]
    [InlineData(5, 3600)]
    [InlineData(6, 10_800)]
    [InlineData(7, 21_600)]
    [InlineData(8, 43_200)]
    [InlineData(20, 43_200)]
    public void DelayAfterAFailedAttempt_GrowsThenStaysAtTwelveHours(int attempt, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), WebhookBackoff.After(attempt));
    }
}
