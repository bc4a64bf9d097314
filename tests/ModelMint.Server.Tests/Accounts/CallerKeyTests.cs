using System.Net;
using ModelMint.Server.Accounts;

namespace ModelMint.Server.Tests.Accounts;

public sealed class CallerKeyTests
{
    [Theory]
    [InlineData("[\"203.0.113.0/24\"]", "203.0.113.9", true)]
    [InlineData("[\"203.0.113.0/24\"]", "203.0.114.1", false)]
    [InlineData("[\"203.0.113.0/24\"]", "::ffff:203.0.113.9", true)]
    [InlineData("[\"2001:db8::/32\"]", "2001:db8::1", true)]
    [InlineData("[\"2001:db8::/32\"]", "203.0.113.9", false)]
    [InlineData(null, "198.51.100.1", true)]
    public void AllowsAddress_ChecksEveryRange(string? cidrs, string address, bool allowed)
    {
        var key = CallerKey.From(Guid.NewGuid(), Guid.NewGuid(), null, cidrs, null, null);
        Assert.Equal(allowed, key.AllowsAddress(IPAddress.Parse(address)));
    }

    [Fact]
    public void AllowsAddress_WithRangesButNoKnownAddress_Refuses()
    {
        var key = CallerKey.From(Guid.NewGuid(), Guid.NewGuid(), null, "[\"0.0.0.0/0\"]", null, null);
        Assert.False(key.AllowsAddress(null));
    }

    [Fact]
    public void AllowsModel_OnlyListedModels_WhenAListIsSet()
    {
        var key = CallerKey.From(Guid.NewGuid(), Guid.NewGuid(), "[\"a-model\"]", null, null, null);
        Assert.True(key.AllowsModel("a-model"));
        Assert.False(key.AllowsModel("b-model"));
        Assert.True(CallerKey.From(Guid.NewGuid(), Guid.NewGuid(), null, null, null, null).AllowsModel("anything"));
    }
}
