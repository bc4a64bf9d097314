using ModelMint.Domain.Models;

namespace ModelMint.Domain.Tests.Models;

public class ModelNameTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("a1")]
    [InlineData("1a")]
    [InlineData("00")]
    [InlineData("a-")]
    [InlineData("a--b")]
    [InlineData("sentiment-v2")]
    [InlineData("banking77")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz")]
    public void IsValid_NameFollowingRule_ReturnsTrue(string name)
    {
        Assert.True(ModelName.IsValid(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("-ab")]
    [InlineData("Ab")]
    [InlineData("aB")]
    [InlineData("a_b")]
    [InlineData("a.b")]
    [InlineData("a b")]
    [InlineData(" ab")]
    [InlineData("ab\n")]
    [InlineData("ab/..")]
    [InlineData("café")]
    [InlineData("ａｂ")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz0")]
    public void IsValid_NameBreakingRule_ReturnsFalse(string? name)
    {
        Assert.False(ModelName.IsValid(name));
    }

    [Fact]
    public void IsValid_MatchesTheDocumentedRegexOnEveryShortName()
    {
        var regex = new System.Text.RegularExpressions.Regex("^[a-z0-9][a-z0-9-]{1,62}\\z");
        var alphabet = "aZ0-_ \n";
        foreach (var first in alphabet)
        {
            foreach (var second in alphabet)
            {
                foreach (var third in alphabet)
                {
                    var name = $"{first}{second}{third}";
                    Assert.Equal(regex.IsMatch(name), ModelName.IsValid(name));
                    Assert.Equal(regex.IsMatch(name[..2]), ModelName.IsValid(name[..2]));
                }
            }
        }
    }

    [Fact]
    public void Rule_DescribesLengthAndCharacters()
    {
        Assert.Contains("63", ModelName.Rule, StringComparison.Ordinal);
        Assert.Contains("lowercase", ModelName.Rule, StringComparison.Ordinal);
    }
}
