using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.Training;

public class DatasetSplitTests
{
    private static readonly LabeledText[] Rows =
    [
        .. Enumerable.Range(0, 50).Select(i => new LabeledText($"a{i}", "a")),
        .. Enumerable.Range(0, 30).Select(i => new LabeledText($"b{i}", "b")),
        .. Enumerable.Range(0, 3).Select(i => new LabeledText($"c{i}", "c")),
        new LabeledText("d0", "d"),
        new LabeledText("e0", "e"),
        new LabeledText("e1", "e"),
    ];

    [Fact]
    public void Stratified_SameSeed_GivesTheSameSplit()
    {
        var first = DatasetSplit.Stratified(Rows, 0.2, 42);
        var second = DatasetSplit.Stratified(Rows, 0.2, 42);

        Assert.Equal(first.Train, second.Train);
        Assert.Equal(first.Test, second.Test);
    }

    [Fact]
    public void Stratified_OtherSeed_GivesAnotherSplit()
    {
        Assert.NotEqual(DatasetSplit.Stratified(Rows, 0.2, 42).Test, DatasetSplit.Stratified(Rows, 0.2, 43).Test);
    }

    [Fact]
    public void Stratified_PartitionsTheRows_WithEachLabelsShare()
    {
        var (train, test) = DatasetSplit.Stratified(Rows, 0.2, 42);

        Assert.Equal(Rows.Length, train.Count + test.Count);
        Assert.Equal(Rows.OrderBy(r => r.Text), train.Concat(test).OrderBy(r => r.Text));
        Assert.Equal(10, test.Count(r => r.Label == "a"));
        Assert.Equal(6, test.Count(r => r.Label == "b"));
        Assert.Equal(17, test.Count);
    }

    [Fact]
    public void Stratified_EveryLabel_KeepsARowInTrain()
    {
        var (train, test) = DatasetSplit.Stratified(Rows, 0.9, 42);

        Assert.Equal(["a", "b", "c", "d", "e"], train.Select(r => r.Label).Distinct());
        Assert.DoesNotContain(test, r => r.Label == "d");
        Assert.Equal(1, train.Count(r => r.Label == "e"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.5)]
    public void Stratified_FractionOutsideZeroToOne_Throws(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplit.Stratified(Rows, fraction, 42));
    }

    [Fact]
    public void StratifiedFolds_SpreadEachLabelEvenlyAndRepeatForASeed()
    {
        var labels = Rows.Select(r => r.Label).ToArray();

        var folds = DatasetSplit.StratifiedFolds(labels, 5, 7);

        Assert.Equal(folds, DatasetSplit.StratifiedFolds(labels, 5, 7));
        Assert.All(folds, f => Assert.InRange(f, 0, 4));
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]))
        {
            var counts = Enumerable.Range(0, 5).Select(f => group.Count(i => folds[i] == f)).ToArray();
            Assert.True(counts.Max() - counts.Min() <= 1, $"{group.Key}: {string.Join(",", counts)}");
        }

        var sizes = Enumerable.Range(0, 5).Select(f => folds.Count(x => x == f)).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
    }
}
