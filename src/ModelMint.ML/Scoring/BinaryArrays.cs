using System.Runtime.InteropServices;

namespace ModelMint.ML.Scoring;

/// <summary>Length-prefixed arrays of unmanaged values in model files; lengths are checked against the stream.</summary>
internal static class BinaryArrays
{
    public static void Write<T>(BinaryWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    public static T[] Read<T>(BinaryReader reader)
        where T : unmanaged
    {
        var values = new T[ReadLength(reader)];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public static int ReadLength(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length < 0 || (reader.BaseStream.CanSeek && length > reader.BaseStream.Length - reader.BaseStream.Position))
        {
            throw new InvalidDataException($"Invalid array length {length}.");
        }

        return length;
    }
}
