using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ModelMint.Server.Gateway;

/// <summary>Tokens an upstream reported in its <c>usage</c> object.</summary>
public readonly record struct ReportedUsage(long PromptTokens, long CompletionTokens);

/// <summary>Reads <c>usage</c> out of OpenAI-shaped responses without building a document of the whole body.</summary>
public static class UpstreamUsage
{
    /// <summary>The top-level <c>usage</c> of a JSON response; null when there is none.</summary>
    public static ReportedUsage? Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUsage = reader.ValueTextEquals("usage"u8);
                reader.Read();
                if (isUsage && reader.TokenType == JsonTokenType.StartObject)
                {
                    return ReadUsageObject(ref reader);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static ReportedUsage ReadUsageObject(ref Utf8JsonReader reader)
    {
        long prompt = 0, completion = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Number && name.SequenceEqual("prompt_tokens"u8))
            {
                prompt = reader.GetInt64();
            }
            else if (reader.TokenType == JsonTokenType.Number && name.SequenceEqual("completion_tokens"u8))
            {
                completion = reader.GetInt64();
            }
            else
            {
                reader.Skip();
            }
        }

        return new ReportedUsage(prompt, completion);
    }

    /// <summary>The text of <c>choices[].message.content</c> of a non-streamed chat completion.</summary>
    public static string CompletionText(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var text = new StringBuilder();
            if (document.RootElement.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                foreach (var choice in choices.EnumerateArray())
                {
                    if (choice.TryGetProperty("message", out var message) && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                    {
                        text.Append(content.GetString());
                    }
                }
            }

            return text.ToString();
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}

/// <summary>
/// Watches a server-sent-event stream of chat completion chunks as it is passed through: keeps the final
/// <c>usage</c> when the upstream sends it, and the text of the deltas the client was sent, to count them when it
/// does not (or when the client leaves before the end).
/// </summary>
public sealed class SseUsageScanner
{
    private readonly ArrayBufferWriter<byte> partial = new(1024);
    private readonly StringBuilder delivered = new();

    public ReportedUsage? Usage { get; private set; }

    public string DeliveredText => delivered.ToString();

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var newline = bytes.IndexOf((byte)'\n');
            if (newline < 0)
            {
                partial.Write(bytes);
                return;
            }

            if (partial.WrittenCount > 0)
            {
                partial.Write(bytes[..newline]);
                Line(partial.WrittenSpan);
                partial.Clear();
            }
            else
            {
                Line(bytes[..newline]);
            }

            bytes = bytes[(newline + 1)..];
        }
    }

    private void Line(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("data:"u8))
        {
            return;
        }

        var data = line["data:"u8.Length..].Trim((byte)' ').TrimEnd((byte)'\r');
        if (data.IsEmpty || data[0] != (byte)'{')
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(data.ToArray());
            var root = document.RootElement;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                Usage = new ReportedUsage(
                    usage.TryGetProperty("prompt_tokens", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt64() : 0,
                    usage.TryGetProperty("completion_tokens", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt64() : 0);
            }

            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                foreach (var choice in choices.EnumerateArray())
                {
                    if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
                        && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                    {
                        delivered.Append(content.GetString());
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A chunk that is not JSON is passed through untouched; it just carries no usage.
        }
    }
}
