using Microsoft.AspNetCore.Http.HttpResults;

namespace ModelMint.Server.Problems;

/// <summary>
/// The one way the API reports an error: RFC 7807 problem+json with a stable <c>type</c> derived from a short
/// <c>code</c>, a human <c>detail</c> that says what was wrong and how to fix it, and the right status.
/// </summary>
public static class ApiProblems
{
    public const string TypeBase = "https://modelmint.dev/problems/";

    public static ProblemHttpResult Create(int status, string code, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?> { ["code"] = code };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                all[key] = value;
            }
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + code, extensions: all);
    }

    public static ProblemHttpResult Validation(string code, string detail, string? field = null) =>
        Create(StatusCodes.Status400BadRequest, code, "The request is invalid.", detail,
            field is null ? null : new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });

    public static ProblemHttpResult Unprocessable(string code, string detail) =>
        Create(StatusCodes.Status422UnprocessableEntity, code, "The request cannot be processed.", detail);

    public static ProblemHttpResult NotFound(string code, string detail) =>
        Create(StatusCodes.Status404NotFound, code, "Not found.", detail);

    public static ProblemHttpResult Conflict(string code, string detail) =>
        Create(StatusCodes.Status409Conflict, code, "Conflict.", detail);
}
