using System.Text.Json.Serialization;

namespace ModelMint.Server.Gateway;

/// <summary>OpenAI's error body: <c>{"error":{"message","type","param","code"}}</c>, which every OpenAI SDK reads.</summary>
public sealed record OpenAiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);

public sealed record OpenAiErrorBody([property: JsonPropertyName("error")] OpenAiError Error);

/// <summary>
/// Errors of the <c>/openai/v1</c> surface in OpenAI's shape rather than problem+json, so OpenAI clients show them;
/// the messages say what was wrong and how to fix it, as everywhere in ModelMint.
/// </summary>
public static class OpenAiErrors
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string RateLimit = "rate_limit_error";
    public const string InsufficientQuota = "insufficient_quota";
    public const string Api = "api_error";

    public static IResult Create(int status, string type, string code, string message, string? param = null) =>
        TypedResults.Json(new OpenAiErrorBody(new OpenAiError(message, type, param, code)), statusCode: status);

    public static IResult BadRequest(string code, string message, string? param = null) =>
        Create(StatusCodes.Status400BadRequest, InvalidRequest, code, message, param);

    public static IResult ModelNotFound(string model) =>
        Create(StatusCodes.Status404NotFound, InvalidRequest, "model_not_found",
            $"The model '{model}' does not exist or is not offered through this gateway. GET /openai/v1/models lists the models this key may use.", "model");
}
