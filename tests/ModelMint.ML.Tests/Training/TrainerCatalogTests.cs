using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.Training;

public class TrainerCatalogTests
{
    [Fact]
    public void CreateDefault_ListsAutoLinearSvmAndLightGbm()
    {
        var names = TrainerCatalog.CreateDefault().Names;

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains("auto", names);
        Assert.Contains("linear-svm", names);
        Assert.Contains("lightgbm", names);
    }

    [Theory]
    [InlineData("auto", typeof(AutoTrainer))]
    [InlineData("AUTO", typeof(AutoTrainer))]
    [InlineData("Linear-SVM", typeof(LinearSvmTrainer))]
    [InlineData("LightGBM", typeof(LightGbmTrainer))]
    public void TryGet_KnownNameInAnyCase_FindsTheTrainer(string name, Type expected)
    {
        Assert.True(TrainerCatalog.CreateDefault().TryGet(name, out var trainer));
        Assert.IsType(expected, trainer);
    }

    [Fact]
    public void TryGet_UnknownName_ReturnsFalse()
    {
        Assert.False(TrainerCatalog.CreateDefault().TryGet("fasttext", out var trainer));
        Assert.Null(trainer);
    }

    [Fact]
    public void Constructor_DuplicateNames_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TrainerCatalog([new AutoTrainer(), new AutoTrainer()]));
    }
}
