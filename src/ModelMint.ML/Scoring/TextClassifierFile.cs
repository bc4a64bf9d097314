using System.Runtime.InteropServices;
using System.Text;
using ModelMint.ML.Training;

namespace ModelMint.ML.Scoring;

/// <summary>
/// The binary model file: ASCII "MMTC", an int32 format version, an int32 model kind, then the model's parts.
/// All numbers are little-endian; strings are length-prefixed UTF-8 (<see cref="BinaryWriter.Write(string)"/>).
/// </summary>
/// <remarks>
/// Version 1, kind 1 (linear): labels (int32 count, strings); featurizer (int32 max word n, min char n, max char n;
/// word keys, char keys as uint64 arrays; IDF as float32 array); model (int32 dimension, int32 classes; weights,
/// feature-major, and biases as float32 arrays); calibration (method string, float32 temperature, offsets as float32
/// array). Every array is an int32 length followed by its elements.
/// </remarks>
public static partial class TextClassifierFile
{
    public const int FormatVersion = 1;

    private const int LinearKind = 1;
    private static ReadOnlySpan<byte> Magic => "MMTC"u8;

    public static TextClassifier Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        EnsureLittleEndian();
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            Span<byte> magic = stackalloc byte[4];
            stream.ReadExactly(magic);
            if (!magic.SequenceEqual(Magic))
            {
                throw new InvalidDataException("Not a ModelMint text classifier file (bad magic).");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Unsupported model file format version {version}; this build reads version {FormatVersion}.");
            }

            var kind = reader.ReadInt32();
            return kind switch
            {
                LinearKind => ReadLinear(reader),
                MultiLabelLinearKind => ReadMultiLabelLinear(reader),
                LightGbmKind => ReadLightGbm(reader),
                Training.Neural.BiLstmTextClassifier.FileKind => Training.Neural.BiLstmTextClassifier.Read(reader),
                _ => throw new InvalidDataException($"Unknown model kind {kind}."),
            };
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException("The model file is truncated or corrupt.", ex);
        }
    }

    internal static void Save(LinearTextClassifier model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        EnsureLittleEndian();
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(LinearKind);

        writer.Write(model.Labels.Count);
        foreach (var label in model.Labels)
        {
            writer.Write(label);
        }

        var featurizer = model.Featurizer;
        writer.Write(featurizer.MaxWordNgram);
        writer.Write(featurizer.MinCharNgram);
        writer.Write(featurizer.MaxCharNgram);
        BinaryArrays.Write<ulong>(writer, featurizer.WordKeys);
        BinaryArrays.Write<ulong>(writer, featurizer.CharKeys);
        BinaryArrays.Write<float>(writer, featurizer.Idf);

        writer.Write(model.Model.Dimension);
        writer.Write(model.Model.ClassCount);
        BinaryArrays.Write<float>(writer, model.Model.Weights);
        BinaryArrays.Write<float>(writer, model.Model.Biases);

        writer.Write(model.Calibration.Method);
        writer.Write(model.Calibration.Temperature);
        BinaryArrays.Write<float>(writer, [.. model.Calibration.Offsets]);
    }

    private static LinearTextClassifier ReadLinear(BinaryReader reader)
    {
        var labels = new string[BinaryArrays.ReadLength(reader)];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = reader.ReadString();
        }

        var (maxWord, minChar, maxChar) = (reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        var featurizer = new TextFeaturizer(new NgramAnalyzer(maxWord, minChar, maxChar), BinaryArrays.Read<ulong>(reader), BinaryArrays.Read<ulong>(reader), BinaryArrays.Read<float>(reader));

        var (dimension, classes) = (reader.ReadInt32(), reader.ReadInt32());
        var model = new LinearSvmModel(dimension, classes, BinaryArrays.Read<float>(reader), BinaryArrays.Read<float>(reader));

        var calibration = new ScoreCalibration(reader.ReadString(), reader.ReadSingle(), BinaryArrays.Read<float>(reader));
        return new LinearTextClassifier(labels, featurizer, model, calibration);
    }


    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Model files are read and written on little-endian machines only.");
        }
    }
}
