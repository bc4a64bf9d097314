using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class RedemptionCodeTests
{
    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "0000-0000-0000-0000")]
    [InlineData(new byte[] { 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 }, "ZZZZ-ZZZZ-ZZZZ-ZZZF")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, "0000-0000-0000-0000")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 32 }, "0000-0000-0000-001Y")]
    [InlineData(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "1000-0000-0000-000Y")]
    public void FromRandomBytes_IsDeterministic(byte[] bytes, string expected)
    {
        Assert.Equal(expected, RedemptionCode.FromRandomBytes(bytes).ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(11)]
    public void FromRandomBytes_WrongLength_IsRefused(int length)
    {
        Assert.Throws<ArgumentException>(() => RedemptionCode.FromRandomBytes(new byte[length]));
    }

    [Fact]
    public void Generate_ProducesTheDocumentedFormat_ThatParsesBack()
    {
        var random = new SeededRandomBytes(1);
        for (var i = 0; i < 500; i++)
        {
            var code = RedemptionCode.Generate(random);
            var text = code.ToString();

            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$", text);
            Assert.Equal(code, RedemptionCode.Parse(text));
            Assert.Equal(RedemptionCode.Length, code.Value.Length);
        }
    }

    [Fact]
    public void AnySingleMistypedCharacter_IsCaught()
    {
        var random = new SeededRandomBytes(2);
        for (var i = 0; i < 100; i++)
        {
            var value = RedemptionCode.Generate(random).Value;
            for (var position = 0; position < value.Length; position++)
            {
                foreach (var typo in RedemptionCode.Alphabet.Where(c => c != value[position]))
                {
                    var mistyped = string.Concat(value.AsSpan(0, position), typo.ToString(), value.AsSpan(position + 1));
                    Assert.False(RedemptionCode.TryParse(mistyped, out _), $"{mistyped} (from {value}) was accepted");
                }
            }
        }
    }

    [Fact]
    public void AdjacentSwaps_AreCaught_ExceptZeroAndZ()
    {
        var random = new SeededRandomBytes(3);
        var missed = new HashSet<string>();
        for (var i = 0; i < 300; i++)
        {
            var value = RedemptionCode.Generate(random).Value;
            for (var position = 0; position < value.Length - 1; position++)
            {
                if (value[position] == value[position + 1])
                {
                    continue;
                }

                var chars = value.ToCharArray();
                (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
                if (RedemptionCode.TryParse(new string(chars), out _))
                {
                    missed.Add(string.Concat(new[] { value[position], value[position + 1] }.Order()));
                }
            }
        }

        Assert.Subset(new HashSet<string> { "0Z" }, missed);
    }

    [Fact]
    public void TheDocumentedExample_IsAValidCode()
    {
        Assert.True(RedemptionCode.TryParse("7KQ2-M9XD-4TZW-R1H2", out _));
    }

    [Theory]
    [InlineData("1000-0000-0000-000Y")]
    [InlineData("1000 0000 0000 000Y")]
    [InlineData("100000000000000Y")]
    [InlineData("1000-0000-0000-000y")]
    [InlineData("i000-oooo-oooo-ooOy")]
    [InlineData("L000-0000-0000-000Y")]
    [InlineData(" 1000-0000-0000-000Y ")]
    public void TryParse_ReadsWhatPeopleTypeLeniently(string input)
    {
        Assert.True(RedemptionCode.TryParse(input, out var code));
        Assert.Equal("1000-0000-0000-000Y", code.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1000-0000-0000-000")]
    [InlineData("1000-0000-0000-000Y0")]
    [InlineData("1000-0000-0000-000Z")]
    [InlineData("U000-0000-0000-000Y")]
    [InlineData("1000_0000_0000_000Y")]
    public void TryParse_WrongLengthCharactersOrCheck_IsRefused(string? input)
    {
        Assert.False(RedemptionCode.TryParse(input, out _));
    }

    [Fact]
    public void Parse_InvalidCode_ExplainsTheFormat()
    {
        var error = Assert.Throws<FormatException>(() => RedemptionCode.Parse("1000-0000-0000-000Z"));

        Assert.Contains("four groups of four", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateBatch_ReturnsDistinctCodes_EvenWhenTheSourceRepeats()
    {
        var codes = RedemptionCode.GenerateBatch(new RepeatingBytes(), 5);

        Assert.Equal(5, codes.Select(c => c.Value).Distinct().Count());
    }

    [Fact]
    public void GenerateBatch_OfAThousand_AllValidAndDistinct()
    {
        var codes = RedemptionCode.GenerateBatch(new SeededRandomBytes(4), 1_000);

        Assert.Equal(1_000, codes.Select(c => c.Value).Distinct().Count());
        Assert.All(codes, c => Assert.True(RedemptionCode.TryParse(c.ToString(), out _)));
    }

    /// <summary>Returns each byte pattern twice: 0,0,1,1,2,2,...</summary>
    private sealed class RepeatingBytes : IRandomBytes
    {
        private int _calls;

        public void Fill(Span<byte> destination)
        {
            destination.Clear();
            destination[^1] = (byte)(_calls++ / 2 * 32);
        }
    }
}
