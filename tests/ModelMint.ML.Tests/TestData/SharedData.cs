using ModelMint.ML.Training;

namespace ModelMint.ML.Tests.TestData;

/// <summary>The shared evaluation datasets, found next to the repository root (the folder holding ModelMint.slnx).</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(Locate);

    public static IReadOnlyList<LabeledText> Train(string dataset) => CsvDataset.Read(Path.Combine(Root.Value, dataset, "train.csv"));

    public static IReadOnlyList<LabeledText> Test(string dataset) => CsvDataset.Read(Path.Combine(Root.Value, dataset, "test.csv"));

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var inside = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(inside))
            {
                return inside;
            }

            if (File.Exists(Path.Combine(dir.FullName, "ModelMint.slnx")) && dir.Parent is not null)
            {
                var beside = Path.Combine(dir.Parent.FullName, "shared", "data");
                if (Directory.Exists(beside))
                {
                    return beside;
                }
            }
        }

        throw new DirectoryNotFoundException($"No shared/data found above {AppContext.BaseDirectory} or beside the repository root.");
    }
}
