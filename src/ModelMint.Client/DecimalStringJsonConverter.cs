using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelMint.Client;

/// <summary>
/// Money travels as decimal strings (<c>"0.002"</c>) so no party rounds it through a binary float; this reads such a
/// string (or a plain JSON number) into a <see cref="decimal"/> and writes one back as a string.
/// </summary>
internal sealed class DecimalStringJsonConverter : JsonConverter<decimal>
{
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetDecimal(),
            JsonTokenType.String when decimal.TryParse(reader.GetString(), Style, CultureInfo.InvariantCulture, out var value) => value,
            _ => throw new JsonException($"Expected an amount as a decimal string such as \"0.002\", got {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>As <see cref="DecimalStringJsonConverter"/>, for amounts that may be absent (<c>null</c>).</summary>
internal sealed class NullableDecimalStringJsonConverter : JsonConverter<decimal?>
{
    private static readonly DecimalStringJsonConverter Inner = new();

    public override bool HandleNull => true;

    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(decimal), options);

    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
    {
        if (value is { } amount)
        {
            Inner.Write(writer, amount, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
