using System.Runtime.InteropServices;
using System.Text;
using ModelMint.ML.Scoring;

namespace ModelMint.ML.Training.Neural;

/// <summary>
/// The <see cref="BiLstmTextClassifier"/> part of <see cref="TextClassifierFile"/>'s format (kind
/// <see cref="BiLstmTextClassifier.FileKind"/>), after the magic, version and kind: labels (int32 count, strings);
/// int32 max length; vocabulary token hashes (uint64 array, id order from 1); int32 embedding dimension, hidden size
/// and dense size; weights (float32 array, laid out as <see cref="BiLstmShape"/> says); embedding (float32 array,
/// [vocabulary + 1 × dimension]). Arrays are an int32 length followed by the elements.
/// </summary>
internal static class BiLstmModelFile
{
    public static void Write(BiLstmTextClassifier model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Model files are read and written on little-endian machines only.");
        }

        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write("MMTC"u8);
        writer.Write(TextClassifierFile.FormatVersion);
        writer.Write(BiLstmTextClassifier.FileKind);

        writer.Write(model.Labels.Count);
        foreach (var label in model.Labels)
        {
            writer.Write(label);
        }

        writer.Write(model.MaxLength);
        BinaryArrays.Write<ulong>(writer, model.Vocabulary.Keys);
        var shape = model.Network.Shape;
        writer.Write(shape.EmbeddingDim);
        writer.Write(shape.HiddenSize);
        writer.Write(shape.DenseSize);
        BinaryArrays.Write<float>(writer, model.Network.Weights);
        BinaryArrays.Write<float>(writer, model.Network.Embedding);
    }

    public static BiLstmTextClassifier Read(BinaryReader reader)
    {
        var labels = new string[BinaryArrays.ReadLength(reader)];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = reader.ReadString();
        }

        var maxLength = reader.ReadInt32();
        var vocabulary = new TokenVocabulary(BinaryArrays.Read<ulong>(reader));
        var shape = new BiLstmShape(vocabulary.Size, reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), labels.Length);
        shape.Validate();
        if (maxLength <= 0)
        {
            throw new InvalidDataException($"Invalid max length {maxLength}.");
        }

        var network = new BiLstmNetwork<float>(shape, BinaryArrays.Read<float>(reader), BinaryArrays.Read<float>(reader));
        return new BiLstmTextClassifier(labels, vocabulary, maxLength, network);
    }

}
