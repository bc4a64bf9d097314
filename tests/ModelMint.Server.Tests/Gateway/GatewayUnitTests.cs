using System.Text;
using ModelMint.Server.Gateway;

namespace ModelMint.Server.Tests.Gateway;

/// <summary>The gateway's pure pieces: token prices, routing order, and reading usage out of responses and streams.</summary>
public sealed class GatewayUnitTests
{
    [Theory]
    [InlineData(0, 150_000, 0)]
    [InlineData(1, 150_000, 0)]            // 0.15 micro-units
    [InlineData(3, 500_000, 2)]            // 1.5 → 2, half away from zero
    [InlineData(7, 2_500_000, 18)]         // 17.5 → 18
    [InlineData(1_000_000, 150_000, 150_000)]
    [InlineData(123_456_789, 600_000, 74_074_073)]
    public void TokenPrice_ChargesEachMeterRoundedOnceToWholeMicroUnits(long tokens, long microsPerMillion, long expected)
    {
        var price = new TokenPrice("USD", microsPerMillion, microsPerMillion);

        Assert.Equal(expected, price.InputMicros(tokens));
        Assert.Equal(expected, price.OutputMicros(tokens));
        Assert.Equal(expected, TokenPrice.Micros(tokens, microsPerMillion));
        Assert.Equal(2 * expected, price.ChargeMicros(tokens, tokens));
    }

    [Fact]
    public void ChannelRouter_TriesHigherPriorityFirst_ThenTheRest_AndStopsWhenAllAreTried()
    {
        var high = Channel("high", priority: 10);
        var low = Channel("low", priority: 0);
        var channels = new[] { high, low };
        var tried = new List<Guid>();

        Assert.Same(high, ChannelRouter.Next(channels, tried));
        tried.Add(high.Id);
        Assert.Same(low, ChannelRouter.Next(channels, tried));
        tried.Add(low.Id);
        Assert.Null(ChannelRouter.Next(channels, tried));
    }

    [Fact]
    public void ChannelRouter_SharesEqualPrioritiesByWeight()
    {
        var heavy = Channel("heavy", priority: 0, weight: 3);
        var light = Channel("light", priority: 0, weight: 1);
        var picks = Enumerable.Range(0, 20_000).Select(_ => ChannelRouter.Next([heavy, light], [])!).ToList();

        var share = picks.Count(p => p == heavy) / (double)picks.Count;
        Assert.InRange(share, 0.72, 0.78);
    }

    [Fact]
    public void UpstreamUsage_ReadsTheTopLevelUsage_AndSkipsEverythingElse()
    {
        var json = """{"id":"x","choices":[{"message":{"content":"hi","usage":{"prompt_tokens":99}}}],"usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20}}"""u8;

        Assert.Equal(new ReportedUsage(12, 8), UpstreamUsage.Read(json));
        Assert.Null(UpstreamUsage.Read("""{"id":"x","usage":null}"""u8));
        Assert.Null(UpstreamUsage.Read("not json"u8));
        Assert.Equal("hi", UpstreamUsage.CompletionText(json));
    }

    [Fact]
    public void SseUsageScanner_FindsTheUsageChunk_AndTheDeliveredText_AcrossArbitraryChunkBoundaries()
    {
        var stream = Encoding.UTF8.GetBytes(
            "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n" +
            "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\r\n\r\n" +
            "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n" +
            ": a comment\n\n" +
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}\n\n" +
            "data: [DONE]\n\n");
        for (var size = 1; size <= stream.Length; size += 7)
        {
            var scanner = new SseUsageScanner();
            for (var offset = 0; offset < stream.Length; offset += size)
            {
                scanner.Feed(stream.AsSpan(offset, Math.Min(size, stream.Length - offset)));
            }

            Assert.Equal("Hello", scanner.DeliveredText);
            Assert.Equal(new ReportedUsage(9, 2), scanner.Usage);
        }
    }

    private static RoutedChannel Channel(string name, int priority, int weight = 1) =>
        new(Guid.NewGuid(), name, new Uri("http://127.0.0.1:9/v1/"), "k", priority, weight, new Dictionary<string, string>(), "USD", 0, 0);
}
