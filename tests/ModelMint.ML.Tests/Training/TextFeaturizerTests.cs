using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.Training;

public class TextFeaturizerTests
{
    private static readonly string[] English = ["a great film", "a great story", "the film was boring", "boring and long", "great acting"];
    private static readonly string[] Chinese = ["房间很干净，服务很好。", "房间很脏，服务太差！", "服务很好，早餐不错", "早餐难吃，房间很脏"];

    [Fact]
    public void Transform_ChineseText_YieldsWordAndCharFeatures()
    {
        var featurizer = TextFeaturizer.Fit(Chinese);

        var vector = featurizer.Transform("房间很干净");

        Assert.Contains(vector.Indices.ToArray(), i => i < WordCount(featurizer));
        Assert.Contains(vector.Indices.ToArray(), i => i >= WordCount(featurizer));
    }

    [Fact]
    public void Transform_SameText_GivesTheSameVector()
    {
        var featurizer = TextFeaturizer.Fit(English);

        var first = featurizer.Transform("a great film, boring story");
        var second = featurizer.Transform("a great film, boring story");

        Assert.Equal(first.Indices.ToArray(), second.Indices.ToArray());
        Assert.Equal(first.Values.ToArray(), second.Values.ToArray());
    }

    [Fact]
    public void Transform_OnlyUnseenNgrams_GivesAnEmptyVector()
    {
        var featurizer = TextFeaturizer.Fit(English);

        Assert.Equal(0, featurizer.Transform("xyzzy qwv").Count);
        Assert.Equal(0, featurizer.Transform("").Count);
    }

    [Fact]
    public void Transform_UnseenWordsAmongKnownOnes_AreIgnored()
    {
        var featurizer = TextFeaturizer.Fit(English);

        var known = featurizer.Transform("great film");
        var withUnseen = featurizer.Transform("great zzqx film");

        // "great film" is a known bigram, "great zzqx" and "zzqx film" are not; all features stay known indices.
        Assert.All(withUnseen.Indices.ToArray(), i => Assert.InRange(i, 0, featurizer.Dimension - 1));
        Assert.Contains(known.Indices.ToArray(), i => !withUnseen.Indices.Contains(i));
    }

    [Fact]
    public void Transform_IndicesIncrease_AndEachBlockHasUnitNorm()
    {
        var featurizer = TextFeaturizer.Fit(English);

        var vector = featurizer.Transform("The great film was boring");

        var indices = vector.Indices.ToArray();
        Assert.Equal(indices.Order(), indices);
        Assert.Equal(indices.Distinct().Count(), indices.Length);
        var words = WordCount(featurizer);
        var wordNorm = indices.Select((index, p) => index < words ? vector.Values[p] * vector.Values[p] : 0).Sum();
        var charNorm = indices.Select((index, p) => index >= words ? vector.Values[p] * vector.Values[p] : 0).Sum();
        Assert.Equal(1, wordNorm, 1e-5);
        Assert.Equal(1, charNorm, 1e-5);
    }

    [Fact]
    public void Transform_FullwidthAndUpperCase_MatchPlainLowerCase()
    {
        var featurizer = TextFeaturizer.Fit(English);

        var plain = featurizer.Transform("great film");
        var folded = featurizer.Transform("ＧＲＥＡＴ\u3000 Film");

        Assert.Equal(plain.Indices.ToArray(), folded.Indices.ToArray());
        Assert.Equal(plain.Values.ToArray(), folded.Values.ToArray());
    }

    [Fact]
    public void Transform_LigaturesAndEllipsis_MatchTheirCompatibilityForms()
    {
        var featurizer = TextFeaturizer.Fit(["a fine film...", "a fine film", "fine acting..."]);

        var plain = featurizer.Transform("fine film...");
        var folded = featurizer.Transform("\uFB01ne \uFB01lm\u2026");

        Assert.Equal(plain.Indices.ToArray(), folded.Indices.ToArray());
        Assert.Equal(plain.Values.ToArray(), folded.Values.ToArray());
    }

    [Fact]
    public void Fit_CharNgramsSeenInOneDocument_AreLeftOut()
    {
        var featurizer = TextFeaturizer.Fit(["alpha", "alpha", "xyz"]);

        // Words need one document, char n-grams two: "xyz" is a word feature but none of its char n-grams are.
        var vector = featurizer.Transform("xyz");

        Assert.Equal(1, vector.Count);
        Assert.True(vector.Indices[0] < WordCount(featurizer));
    }

    [Fact]
    public void Transform_FromManyThreads_MatchesSequentialResults()
    {
        var featurizer = TextFeaturizer.Fit(Chinese.Concat(English).ToArray());
        var texts = Enumerable.Range(0, 400).Select(i => Chinese[i % Chinese.Length] + English[i % English.Length]).ToArray();
        var expected = texts.Select(t => featurizer.Transform(t).Values.ToArray()).ToArray();

        var actual = new float[texts.Length][];
        Parallel.For(0, texts.Length, i => actual[i] = featurizer.Transform(texts[i]).Values.ToArray());

        Assert.Equal(expected, actual);
    }

    private static int WordCount(TextFeaturizer featurizer) => featurizer.WordKeys.Length;
}
