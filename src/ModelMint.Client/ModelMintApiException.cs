using System.Net;
using System.Text.Json;

namespace ModelMint.Client;

/// <summary>
/// The server answered with a non-success status. When the body is RFC 7807 problem+json its fields
/// are parsed; otherwise <see cref="Detail"/> holds the body text (if short) and the rest stay empty.
/// </summary>
public sealed class ModelMintApiException : Exception
{
    private const int MaxPlainBodyLength = 500;

    /// <summary>Creates an exception with a message only (status 0).</summary>
    public ModelMintApiException()
        : this("The ModelMint server returned an error.")
    {
    }

    /// <summary>Creates an exception with a message only (status 0).</summary>
    /// <param name="message">The message.</param>
    public ModelMintApiException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>Creates an exception with a message and an inner exception (status 0).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ModelMintApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>Creates an exception from the parts of a problem response.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="type">The problem type URI.</param>
    /// <param name="code">The stable error code.</param>
    /// <param name="title">The short, generic summary.</param>
    /// <param name="detail">What was wrong with this request and how to fix it.</param>
    /// <param name="line">The line of an uploaded file the problem was found on.</param>
    /// <param name="errors">Validation messages by field.</param>
    /// <param name="retryAfter">How long to wait before retrying, from the <c>Retry-After</c> header.</param>
    public ModelMintApiException(
        int status,
        string? type,
        string? code,
        string? title,
        string? detail,
        int? line = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? errors = null,
        TimeSpan? retryAfter = null)
        : base(detail ?? title ?? $"The ModelMint server answered {status}.")
    {
        RetryAfter = retryAfter;
        Status = status;
        Type = type;
        Code = code;
        Title = title;
        Detail = detail;
        Line = line;
        Errors = errors ?? new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The problem type URI, e.g. <c>https://modelmint.dev/problems/invalid-dataset</c>.</summary>
    public string? Type { get; }

    /// <summary>The stable, machine-readable error code, e.g. <c>invalid-dataset</c>.</summary>
    public string? Code { get; }

    /// <summary>The short, generic summary of the problem type.</summary>
    public string? Title { get; }

    /// <summary>What was wrong with this request and how to fix it.</summary>
    public string? Detail { get; }

    /// <summary>The 1-based line of an uploaded file the problem was found on, when it concerns one.</summary>
    public int? Line { get; }

    /// <summary>Validation messages by request field; empty when there are none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>
    /// How long the server asks the caller to wait before retrying (the <c>Retry-After</c> header, e.g. on 429
    /// <c>rate-limit-exceeded</c>); <see langword="null"/> when it did not say.
    /// </summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Reads a failed response into an exception. Never throws for an unexpected body.</summary>
    /// <param name="response">A response whose status is not a success.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The exception to throw.</returns>
    public static async Task<ModelMintApiException> FromResponseAsync(
        HttpResponseMessage response,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var retryAfter = RetryAfterOf(response);

        if (TryParseProblem(status, body, retryAfter) is { } problem)
        {
            return problem;
        }

        var plain = body.Trim();
        var detail = plain.Length is > 0 and <= MaxPlainBodyLength && !plain.StartsWith('<')
            ? plain
            : $"The server answered {status} {response.ReasonPhrase ?? ((HttpStatusCode)status).ToString()}.";
        return new ModelMintApiException(status, type: null, code: null, title: response.ReasonPhrase, detail, retryAfter: retryAfter);
    }

    // A date is turned into a wait against the response's own Date header, so no local clock is involved.
    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } when response.Headers.Date is { } sent => date > sent ? date - sent : TimeSpan.Zero,
            _ => null,
        };

    private static ModelMintApiException? TryParseProblem(int status, string body, TimeSpan? retryAfter)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var type = ReadString(root, "type");
            var code = ReadString(root, "code");
            var title = ReadString(root, "title");
            var detail = ReadString(root, "detail");
            if (type is null && code is null && title is null && detail is null)
            {
                return null;
            }

            return new ModelMintApiException(
                status,
                type,
                code ?? CodeFromType(type),
                title,
                detail,
                ReadInt(root, "line"),
                ReadErrors(root),
                retryAfter);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The code is the last segment of the type URI; recover it when a proxy or framework dropped the extension member.
    private static string? CodeFromType(string? type) =>
        Uri.TryCreate(type, UriKind.Absolute, out var uri) && uri.Segments.Length > 1
            ? uri.Segments[^1].TrimEnd('/')
            : null;

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static int? ReadInt(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), out var number) => number,
            _ => null,
        };
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadErrors(JsonElement root)
    {
        var errors = new Dictionary<string, IReadOnlyList<string>>();
        if (!root.TryGetProperty("errors", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return errors;
        }

        foreach (var field in element.EnumerateObject())
        {
            errors[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.Array => [.. field.Value.EnumerateArray().Select(m => m.ToString())],
                _ => [field.Value.ToString()],
            };
        }

        return errors;
    }
}
