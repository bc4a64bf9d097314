using ModelMint.ML.Training.Neural;

namespace ModelMint.ML.Tests.Training.Neural;

public class TokenVocabularyTests
{
    [Fact]
    public void Tokenize_FoldsCaseAndWidthAndDropsPunctuationAndSingleLetters()
    {
        Assert.Equal(TokenVocabulary.Tokenize("great movie"), TokenVocabulary.Tokenize("  GREAT, ｍｏｖｉｅ !! a"));
        Assert.Equal(2, TokenVocabulary.Tokenize("great movie").Length);
        Assert.Empty(TokenVocabulary.Tokenize(""));
        Assert.Empty(TokenVocabulary.Tokenize(null));
    }

    [Fact]
    public void Tokenize_EveryCjkIdeographIsAToken()
    {
        var tokens = TokenVocabulary.Tokenize("房间很干净，服务好");

        Assert.Equal(8, tokens.Length);
        Assert.Equal(tokens[1], TokenVocabulary.Tokenize("间")[0]);
    }

    [Fact]
    public void Fit_KeepsTheMostFrequentTokensSeenOftenEnough()
    {
        var vocabulary = TokenVocabulary.Fit(["bad bad bad good good film", "bad good film plot"], maxSize: 2, minCount: 2);

        Assert.Equal(3, vocabulary.Size);
        Assert.Equal([1, 2, TokenVocabulary.OutOfVocabulary, TokenVocabulary.OutOfVocabulary], vocabulary.Encode("bad good film plot", 10));
    }

    [Fact]
    public void Encode_TruncatesToMaxLengthAndMapsUnknownTokensToZero()
    {
        var vocabulary = TokenVocabulary.Fit(["one two three four"], maxSize: 100, minCount: 1);

        Assert.Equal(5, vocabulary.Size);
        Assert.Equal(3, vocabulary.Encode("four three two one", 3).Length);
        Assert.Equal([0, 0], vocabulary.Encode("five six", 3));
        Assert.Empty(vocabulary.Encode("", 3));
    }

    [Fact]
    public void Constructor_DuplicateKey_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new TokenVocabulary([1UL, 2UL, 1UL]));
    }
}
