using ModelMint.Domain.Models;

namespace ModelMint.Domain.Tests.Models;

public class VersionSelectorTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("42", 42)]
    [InlineData(" 7 ", 7)]
    [InlineData("007", 7)]
    [InlineData("2147483647", int.MaxValue)]
    public void TryParse_PositiveInteger_SelectsVersionNumber(string value, int number)
    {
        Assert.True(VersionSelector.TryParse(value, out var selector, out var error));

        Assert.Equal(number, selector.Number);
        Assert.Null(selector.Alias);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("production", "production")]
    [InlineData("staging", "staging")]
    [InlineData("v2", "v2")]
    [InlineData("2024-canary", "2024-canary")]
    [InlineData("1-0", "1-0")]
    [InlineData(" champion ", "champion")]
    public void TryParse_ValidAlias_SelectsAlias(string value, string alias)
    {
        Assert.True(VersionSelector.TryParse(value, out var selector, out var error));

        Assert.Equal(alias, selector.Alias);
        Assert.Null(selector.Number);
        Assert.Null(error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_NullOrBlank_SelectsProductionAlias(string? value)
    {
        Assert.True(VersionSelector.TryParse(value, out var selector, out var error));

        Assert.Equal(VersionSelector.Default, selector);
        Assert.Equal("production", selector.Alias);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("0", "start at 1")]
    [InlineData("00", "start at 1")]
    [InlineData("2147483648", "start at 1")]
    [InlineData("-1", "neither")]
    [InlineData("1.5", "neither")]
    [InlineData("+3", "neither")]
    [InlineData("Production", "neither")]
    [InlineData("p", "neither")]
    [InlineData("-prod", "neither")]
    [InlineData("prod_1", "neither")]
    [InlineData("١٢", "neither")]
    public void TryParse_Invalid_FailsWithMessage(string value, string messagePart)
    {
        Assert.False(VersionSelector.TryParse(value, out var selector, out var error));

        Assert.Equal(default, selector);
        Assert.NotNull(error);
        Assert.Contains(messagePart, error, StringComparison.Ordinal);
        Assert.Contains(value, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("production", true)]
    [InlineData("v1", true)]
    [InlineData("1a", true)]
    [InlineData("12", false)]
    [InlineData("0", false)]
    [InlineData("Prod", false)]
    [InlineData("a", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidAlias_FollowsModelNameRuleButNotAllDigits(string? alias, bool expected)
    {
        Assert.Equal(expected, VersionSelector.IsValidAlias(alias));
    }

    [Fact]
    public void Factories_BuildTheSameValuesAsTryParse()
    {
        Assert.True(VersionSelector.TryParse("3", out var number, out _));
        Assert.True(VersionSelector.TryParse("staging", out var alias, out _));

        Assert.Equal(VersionSelector.ForNumber(3), number);
        Assert.Equal(VersionSelector.ForAlias("staging"), alias);
        Assert.Equal("3", number.ToString());
        Assert.Equal("staging", alias.ToString());
    }

    [Fact]
    public void Factories_RejectInvalidInput()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VersionSelector.ForNumber(0));
        Assert.Throws<ArgumentException>(() => VersionSelector.ForAlias("12"));
    }
}
