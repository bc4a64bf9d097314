using System.Text;
using ModelMint.ML.Training;

namespace ModelMint.ML.Scoring;

/// <remarks>
/// Kind 3 (multi-label linear): labels, featurizer and model as in kind 1, then one calibration per label (method
/// string, float32 temperature, offsets as float32 array of two). Kind 4 (LightGBM): labels and featurizer as in kind
/// 1; the selected feature indices as an int32 array (increasing; position i is feature i of the boosted model);
/// calibration as in kind 1; the ML.NET model as a byte array (the zip <c>MLContext.Model.Save</c> writes).
/// </remarks>
public static partial class TextClassifierFile
{
    private const int MultiLabelLinearKind = 3;
    private const int LightGbmKind = 4;

    internal static void Save(MultiLabelTextClassifier model, Stream stream)
    {
        using var writer = StartWriting(stream, MultiLabelLinearKind);
        WriteLabels(writer, model.Labels);
        WriteFeaturizer(writer, model.Featurizer);
        writer.Write(model.Model.Dimension);
        writer.Write(model.Model.ClassCount);
        BinaryArrays.Write<float>(writer, model.Model.Weights);
        BinaryArrays.Write<float>(writer, model.Model.Biases);
        foreach (var calibration in model.Calibrations)
        {
            WriteCalibration(writer, calibration);
        }
    }

    internal static void Save(LightGbmTextClassifier model, Stream stream)
    {
        using var writer = StartWriting(stream, LightGbmKind);
        WriteLabels(writer, model.Labels);
        WriteFeaturizer(writer, model.Featurizer);
        BinaryArrays.Write<int>(writer, model.SelectedFeatureArray);
        WriteCalibration(writer, model.Calibration);
        BinaryArrays.Write<byte>(writer, model.BoostedModel);
    }

    private static MultiLabelTextClassifier ReadMultiLabelLinear(BinaryReader reader)
    {
        var labels = ReadLabels(reader);
        var featurizer = ReadFeaturizer(reader);
        var (dimension, classes) = (reader.ReadInt32(), reader.ReadInt32());
        var model = new LinearSvmModel(dimension, classes, BinaryArrays.Read<float>(reader), BinaryArrays.Read<float>(reader));
        var calibrations = new ScoreCalibration[labels.Length];
        for (var k = 0; k < calibrations.Length; k++)
        {
            calibrations[k] = ReadCalibration(reader);
        }

        return new MultiLabelTextClassifier(labels, featurizer, model, calibrations);
    }

    private static LightGbmTextClassifier ReadLightGbm(BinaryReader reader)
    {
        var labels = ReadLabels(reader);
        var featurizer = ReadFeaturizer(reader);
        var selected = BinaryArrays.Read<int>(reader);
        var calibration = ReadCalibration(reader);
        return new LightGbmTextClassifier(labels, featurizer, selected, calibration, BinaryArrays.Read<byte>(reader));
    }

    private static BinaryWriter StartWriting(Stream stream, int kind)
    {
        ArgumentNullException.ThrowIfNull(stream);
        EnsureLittleEndian();
        var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(kind);
        return writer;
    }

    private static void WriteLabels(BinaryWriter writer, IReadOnlyList<string> labels)
    {
        writer.Write(labels.Count);
        foreach (var label in labels)
        {
            writer.Write(label);
        }
    }

    private static string[] ReadLabels(BinaryReader reader)
    {
        var labels = new string[BinaryArrays.ReadLength(reader)];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = reader.ReadString();
        }

        return labels;
    }

    private static void WriteFeaturizer(BinaryWriter writer, TextFeaturizer featurizer)
    {
        writer.Write(featurizer.MaxWordNgram);
        writer.Write(featurizer.MinCharNgram);
        writer.Write(featurizer.MaxCharNgram);
        BinaryArrays.Write<ulong>(writer, featurizer.WordKeys);
        BinaryArrays.Write<ulong>(writer, featurizer.CharKeys);
        BinaryArrays.Write<float>(writer, featurizer.Idf);
    }

    private static TextFeaturizer ReadFeaturizer(BinaryReader reader)
    {
        var (maxWord, minChar, maxChar) = (reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        return new TextFeaturizer(new NgramAnalyzer(maxWord, minChar, maxChar), BinaryArrays.Read<ulong>(reader), BinaryArrays.Read<ulong>(reader), BinaryArrays.Read<float>(reader));
    }

    private static void WriteCalibration(BinaryWriter writer, ScoreCalibration calibration)
    {
        writer.Write(calibration.Method);
        writer.Write(calibration.Temperature);
        BinaryArrays.Write<float>(writer, [.. calibration.Offsets]);
    }

    private static ScoreCalibration ReadCalibration(BinaryReader reader) => new(reader.ReadString(), reader.ReadSingle(), BinaryArrays.Read<float>(reader));
}
