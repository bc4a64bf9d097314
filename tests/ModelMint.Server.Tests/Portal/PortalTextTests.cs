using System.Reflection;
using System.Text.Json;
using ModelMint.Server.Audit;
using ModelMint.Server.Portal;

namespace ModelMint.Server.Tests.Portal;

public sealed class PortalTextTests
{
    public static TheoryData<string> Actions() => [.. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    [Theory]
    [MemberData(nameof(Actions))]
    public void EveryAuditAction_HasALabelInBothLanguages(string action)
    {
        Assert.NotEqual(action, PortalText.English.ActionName(action));
        Assert.NotEqual(action, PortalText.Chinese.ActionName(action));
        Assert.NotEqual(PortalText.English.ActionName(action), PortalText.Chinese.ActionName(action));
    }

    [Fact]
    public void AnUnknownAction_IsShownAsItIs() => Assert.Equal("thing.done", PortalText.English.ActionName("thing.done"));

    [Fact]
    public void Details_AreCompactKeyValueText_WithoutNullsOrEmptyLists()
    {
        var details = JsonSerializer.Deserialize<JsonElement>("""{"name":"backend","expiresAt":null,"models":[],"allowedIps":["10.0.0.0/8","::1"],"requestsPerMinute":60}""");

        Assert.Equal("name: backend · allowedIps: 10.0.0.0/8, ::1 · requestsPerMinute: 60", Format.Details(details));
        Assert.Equal("", Format.Details(null));
    }
}
