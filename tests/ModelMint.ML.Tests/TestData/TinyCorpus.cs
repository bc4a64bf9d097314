using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.TestData;

/// <summary>Small generated, clearly separable datasets for fast unit tests.</summary>
public static class TinyCorpus
{
    private static readonly string[] PositiveWords = ["great", "wonderful", "excellent", "loved", "superb", "delightful"];
    private static readonly string[] NegativeWords = ["awful", "terrible", "boring", "hated", "dreadful", "tedious"];
    private static readonly string[] Filler = ["the", "film", "movie", "plot", "was", "acting", "really", "quite", "story"];
    private static readonly string[] PositiveChinese = ["房间很干净", "服务很好", "早餐不错", "位置方便", "非常满意"];
    private static readonly string[] NegativeChinese = ["房间很脏", "服务太差", "早餐难吃", "隔音不好", "非常失望"];

    public static IReadOnlyList<LabeledText> English(int rowsPerLabel, int seed = 1) =>
        Generate(rowsPerLabel, seed, ("positive", PositiveWords), ("negative", NegativeWords));

    public static IReadOnlyList<LabeledText> Chinese(int rowsPerLabel, int seed = 1)
    {
        var random = new Random(seed);
        return
        [
            .. Enumerable.Range(0, rowsPerLabel).SelectMany(_ => new[]
            {
                new LabeledText($"{Pick(random, PositiveChinese)}，{Pick(random, PositiveChinese)}。", "positive"),
                new LabeledText($"{Pick(random, NegativeChinese)}，{Pick(random, NegativeChinese)}！", "negative"),
            }),
        ];
    }

    /// <summary>Three topics, for multiclass tests.</summary>
    public static IReadOnlyList<LabeledText> Topics(int rowsPerLabel, int seed = 1) =>
        Generate(
            rowsPerLabel,
            seed,
            ("sport", ["goal", "match", "team", "league", "striker"]),
            ("weather", ["rain", "sunny", "forecast", "storm", "cloudy"]),
            ("money", ["bank", "loan", "interest", "savings", "transfer"]));

    /// <summary>
    /// Multi-label rows: each of the topics sport, weather and money applies independently with probability 0.4 and
    /// adds two of its words; the row's labels are joined with '|' (empty when none applies).
    /// </summary>
    public static IReadOnlyList<LabeledText> TopicCombinations(int rows, int seed = 1)
    {
        (string Label, string[] Words)[] topics =
        [
            ("sport", ["goal", "match", "team", "league", "striker"]),
            ("weather", ["rain", "sunny", "forecast", "storm", "cloudy"]),
            ("money", ["bank", "loan", "interest", "savings", "transfer"]),
        ];
        var random = new Random(seed);
        var result = new List<LabeledText>();
        for (var i = 0; i < rows; i++)
        {
            var chosen = topics.Where(_ => random.NextDouble() < 0.4).ToArray();
            var words = new List<string> { Pick(random, Filler), Pick(random, Filler) };
            foreach (var (_, topicWords) in chosen)
            {
                words.Add(Pick(random, topicWords));
                words.Add(Pick(random, topicWords));
            }

            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(words));
            result.Add(new LabeledText(string.Join(' ', words), LabeledText.JoinLabels(chosen.Select(t => t.Label))));
        }

        return result;
    }

    private static List<LabeledText> Generate(int rowsPerLabel, int seed, params (string Label, string[] Words)[] classes)
    {
        var random = new Random(seed);
        var rows = new List<LabeledText>();
        for (var i = 0; i < rowsPerLabel; i++)
        {
            foreach (var (label, words) in classes)
            {
                rows.Add(new LabeledText($"{Pick(random, Filler)} {Pick(random, words)} {Pick(random, Filler)} {Pick(random, words)} {Pick(random, Filler)}", label));
            }
        }

        return rows;
    }

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];
}
