using ModelMint.ML.Scoring;
using ModelMint.ML.Tests.TestData;
using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.Scoring;

public class LinearTextClassifierTests
{
    private static readonly Lazy<TextClassifier> Topics = new(() => Train(TinyCorpus.Topics(40)));
    private static readonly Lazy<TextClassifier> Sentiment = new(() => Train([.. TinyCorpus.English(40), .. TinyCorpus.Chinese(40)]));

    private static readonly string[] Probes =
    [
        "the striker scored a goal", "storm and rain in the forecast", "bank loan interest", "", "????",
        "a wonderful film", "服务很好", "完全没见过的文字", "Mixed: goal, rain, bank",
    ];

    [Fact]
    public void Labels_AreSortedOrdinally()
    {
        Assert.Equal(["money", "sport", "weather"], Topics.Value.Labels);
    }

    [Fact]
    public void Predict_ScoresAreProbabilitiesSummingToOne()
    {
        foreach (var text in Probes)
        {
            var scores = Topics.Value.Predict(text);

            Assert.Equal(3, scores.Length);
            Assert.All(scores, p => Assert.InRange(p, 0f, 1f));
            Assert.Equal(1, scores.Sum(), 1e-5);
        }
    }

    [Fact]
    public void Predict_OnTopicText_IsConfidentInThatTopic()
    {
        var (label, probability) = Topics.Value.PredictTop("the team won the league match");

        Assert.Equal("sport", label);
        Assert.True(probability > 0.6, $"p = {probability}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadOfSave_PredictsIdentically(bool binary)
    {
        var model = binary ? Sentiment.Value : Topics.Value;
        using var file = new MemoryStream();

        model.Save(file);
        file.Position = 0;
        var loaded = TextClassifierFile.Load(file);

        Assert.Equal(model.Labels, loaded.Labels);
        foreach (var text in Probes)
        {
            Assert.Equal(model.Predict(text), loaded.Predict(text));
        }
    }

    [Fact]
    public void Save_StartsWithMagicAndVersion()
    {
        using var file = new MemoryStream();

        Topics.Value.Save(file);

        Assert.Equal("MMTC"u8.ToArray(), file.ToArray()[..4]);
        Assert.Equal(TextClassifierFile.FormatVersion, BitConverter.ToInt32(file.ToArray(), 4));
    }

    [Fact]
    public void Load_WrongMagic_ThrowsInvalidData()
    {
        using var file = new MemoryStream("NOPE\u0001\0\0\0"u8.ToArray());

        Assert.Throws<InvalidDataException>(() => TextClassifierFile.Load(file));
    }

    [Fact]
    public void Load_TruncatedFile_ThrowsInvalidData()
    {
        using var file = new MemoryStream();
        Topics.Value.Save(file);

        using var truncated = new MemoryStream(file.ToArray()[..(int)(file.Length / 2)]);

        Assert.Throws<InvalidDataException>(() => TextClassifierFile.Load(truncated));
    }

    [Fact]
    public void Predict_FromManyThreads_MatchesSequentialResults()
    {
        var model = Sentiment.Value;
        var texts = Enumerable.Range(0, 1000).Select(i => Probes[i % Probes.Length] + " " + i).ToArray();
        var expected = texts.Select(model.Predict).ToArray();

        var actual = new float[texts.Length][];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = model.Predict(texts[i]));

        Assert.Equal(expected, actual);
    }

    private static TextClassifier Train(IReadOnlyList<LabeledText> rows) =>
        new AutoTrainer().Train(new TrainingRequest(rows, new Dictionary<string, string>(), 42), NullTrainingObserver.Instance, CancellationToken.None).Model;
}
