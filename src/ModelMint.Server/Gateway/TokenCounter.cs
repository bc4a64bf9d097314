using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace ModelMint.Server.Gateway;

/// <summary>
/// Counts tokens where an upstream reports none, and estimates a request's prompt before it is sent. Uses the
/// <c>o200k_base</c> encoding (GPT-4o family) from <c>Microsoft.ML.Tokenizers.Data.O200kBase</c>, whose vocabulary
/// ships inside the package: nothing is downloaded. Chat prompts add OpenAI's documented framing: 3 tokens per
/// message, 1 per name, 3 to prime the reply. Other model families count differently; their own <c>usage</c>
/// is what bills them whenever they send it.
/// </summary>
public sealed class TokenCounter
{
    private const int PerMessage = 3;
    private const int PerName = 1;
    private const int ReplyPriming = 3;

    private static readonly Lazy<Tokenizer> Encoding = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Encoding.Value.CountTokens(text);

    /// <summary>The prompt tokens of a chat request's <c>messages</c> (text parts of multi-part content only).</summary>
    public int CountMessages(JsonArray messages)
    {
        var total = ReplyPriming;
        foreach (var message in messages)
        {
            if (message is not JsonObject m)
            {
                continue;
            }

            total += PerMessage;
            foreach (var (name, value) in m)
            {
                if (name == "name")
                {
                    total += PerName;
                }

                total += CountContent(value);
            }
        }

        return total;
    }

    /// <summary>The tokens of an embeddings <c>input</c>: a string, an array of strings, or already tokens.</summary>
    public int CountInput(JsonNode? input) => input switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => Count(s),
        JsonArray a => a.Sum(item => item switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => Count(s),
            JsonValue => 1,
            JsonArray tokens => tokens.Count,
            _ => 0,
        }),
        _ => 0,
    };

    private int CountContent(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Count(v.GetValue<string>()),
        JsonArray parts => parts.Sum(p => p is JsonObject part && part["text"] is JsonValue text && text.GetValueKind() == JsonValueKind.String ? Count(text.GetValue<string>()) : 0),
        JsonObject o => o.Sum(p => CountContent(p.Value)),
        _ => 0,
    };
}
