using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelMint.Client;

/// <summary>The JSON settings of the ModelMint wire format.</summary>
public static class ModelMintJson
{
    /// <summary>
    /// Web defaults (camelCase names, case-insensitive reading, numbers as numbers) and nulls left out
    /// when writing, so optional request fields that were not set take the server's defaults. Read-only.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
