using ModelMint.Domain.Billing;

namespace ModelMint.Domain.Tests.Billing;

public class MeterTests
{
    [Theory]
    [InlineData("calls")]
    [InlineData("characters")]
    [InlineData("tokens")]
    [InlineData("input_tokens")]
    [InlineData("gpu-seconds")]
    [InlineData("a")]
    [InlineData("abcdefghijabcdefghijabcdefghij12")]
    public void Parse_ValidName_IsAccepted(string name)
    {
        Assert.Equal(name, Meter.Parse(name).Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Calls")]
    [InlineData("1calls")]
    [InlineData("_calls")]
    [InlineData("calls per minute")]
    [InlineData("tökens")]
    [InlineData("abcdefghijabcdefghijabcdefghij123")]
    public void TryParse_InvalidName_IsRefused(string? name)
    {
        Assert.False(Meter.TryParse(name, out _));
    }

    [Fact]
    public void Parse_InvalidName_ExplainsTheRule()
    {
        var error = Assert.Throws<ArgumentException>(() => Meter.Parse("Calls"));

        Assert.Contains(Meter.Rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KnownMeters_EqualTheirParsedNames()
    {
        Assert.Equal(Meter.Calls, Meter.Parse("calls"));
        Assert.Equal(Meter.Characters, Meter.Parse("characters"));
        Assert.Equal(Meter.Tokens, Meter.Parse("tokens"));
    }
}
