using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ModelMint.Server.Webhooks;

namespace ModelMint.Server.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_0123456789ABCDEFGHIJabcdefghij0123456789";
    private const string Body = """{"id":"0198a0c4-1b2c-7d3e-8f40-123456789abc","type":"balance.low","createdAt":"2026-03-01T10:00:00+00:00","data":{"balance":"0.5"}}""";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.Parse("2026-03-01T10:00:00Z", CultureInfo.InvariantCulture);

    private static string Sign(string body = Body, string secret = Secret, DateTimeOffset? at = null) =>
        WebhookSignature.Create(secret, at ?? SignedAt, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Header_IsTheTimestampAndTheHmacOfTimestampDotBody_AsDocumented()
    {
        var header = Sign();

        // Recomputed independently, the way a receiver in any language would.
        var t = SignedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(t + "." + Body)));
        Assert.Equal($"t={t},v1={expected}", header);
    }

    [Fact]
    public void SignedBody_VerifiesWithTheSameSecret()
    {
        Assert.True(WebhookSignature.Verify(Secret, Sign(), Body, SignedAt, WebhookSignature.DefaultTolerance));
    }

    [Theory]
    [InlineData("""{"id":"0198a0c4-1b2c-7d3e-8f40-123456789abc","type":"balance.low","createdAt":"2026-03-01T10:00:00+00:00","data":{"balance":"9.5"}}""")]
    [InlineData("""{"id":"0198a0c4-1b2c-7d3e-8f40-123456789abc","type":"balance.low","createdAt":"2026-03-01T10:00:00+00:00","data":{"balance":"0.5"}} """)]
    [InlineData("")]
    public void TamperedBody_FailsVerification(string tampered)
    {
        Assert.False(WebhookSignature.Verify(Secret, Sign(), tampered, SignedAt, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void AnotherSecret_FailsVerification()
    {
        Assert.False(WebhookSignature.Verify(Secret + "x", Sign(), Body, SignedAt, WebhookSignature.DefaultTolerance));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    [InlineData(-86_400, false)]
    public void Timestamp_MustBeWithinTheTolerance_EitherWay(int signedSecondsFromNow, bool valid)
    {
        var header = Sign(at: SignedAt.AddSeconds(signedSecondsFromNow));

        Assert.Equal(valid, WebhookSignature.Verify(Secret, header, Body, SignedAt, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void ReplayedHeaderWithAMovedTimestamp_FailsVerification()
    {
        var header = Sign();
        var moved = header.Replace($"t={SignedAt.ToUnixTimeSeconds()}", $"t={SignedAt.ToUnixTimeSeconds() + 3600}", StringComparison.Ordinal);

        Assert.False(WebhookSignature.Verify(Secret, moved, Body, SignedAt.AddHours(1), WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void SeveralSignatures_AnyValidOneIsEnough_AndUnknownSchemesAreIgnored()
    {
        var valid = Sign();
        var v1 = valid[(valid.IndexOf("v1=", StringComparison.Ordinal) + 3)..];
        var header = $"t={SignedAt.ToUnixTimeSeconds()},v0=legacy,v1={new string('0', 64)},v1={v1}";

        Assert.True(WebhookSignature.Verify(Secret, header, Body, SignedAt, WebhookSignature.DefaultTolerance));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=00")]
    [InlineData("t=1772359200")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=-1772359200,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1772359200,t=1772359200,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("garbage")]
    public void MalformedHeader_FailsVerification(string? header)
    {
        Assert.False(WebhookSignature.Verify(Secret, header, Body, SignedAt, WebhookSignature.DefaultTolerance));
    }
}
