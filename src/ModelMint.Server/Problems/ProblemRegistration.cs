using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace ModelMint.Server.Problems;

public static class ProblemRegistration
{
    /// <summary>
    /// Every error response — from handlers, from the framework (bad JSON, body too large, unknown route) and from
    /// unexpected exceptions — leaves as problem+json with a <c>code</c> and a <c>type</c> under <see cref="ApiProblems.TypeBase"/>.
    /// </summary>
    public static WebApplicationBuilder AddModelMintProblems(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (!problem.Extensions.ContainsKey("code"))
            {
                var (code, detail) = DescribeStatus(problem.Status ?? context.HttpContext.Response.StatusCode);
                problem.Extensions["code"] = code;
                problem.Type = ApiProblems.TypeBase + code;
                problem.Detail ??= detail;
            }

            problem.Extensions.Remove("traceId");
        });
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // Malformed JSON and wrong content types surface as BadHttpRequestException, which the handler maps.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseModelMintProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    internal static (string Code, string Detail) DescribeStatus(int status) => status switch
    {
        400 => ("invalid-request", "The request could not be read. Send a JSON body that matches the API reference at /docs."),
        401 => ("unauthorized", "Send a valid API key as 'Authorization: Bearer mm_...'."),
        403 => ("forbidden", "This key may not perform this operation."),
        404 => ("not-found", "No such resource. Check the path against the API reference at /docs."),
        405 => ("method-not-allowed", "This path does not accept that HTTP method. See the API reference at /docs."),
        413 => ("payload-too-large", "The request body is larger than this endpoint accepts. Send less data per request."),
        415 => ("unsupported-media-type", "Send the body with the content type this endpoint expects (application/json unless the reference says otherwise)."),
        500 => ("internal-error", "An unexpected error occurred. It has been logged; retry later."),
        _ => ("error", "The request failed."),
    };
}

/// <summary>Maps framework exceptions to their status; anything unexpected becomes a 500 without internals.</summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        int status;
        string? detail = null;
        switch (exception)
        {
            case BadHttpRequestException bad:
                status = bad.StatusCode;
                detail = status switch
                {
                    413 => ProblemRegistration.DescribeStatus(413).Detail,
                    415 => ProblemRegistration.DescribeStatus(415).Detail,
                    _ => $"The request could not be read: {bad.Message} Send a JSON body that matches the API reference at /docs.",
                };
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            case DependencyUnavailableException unavailable:
                logger.LogWarning(unavailable.InnerException, "Refused {Method} {Path}: {Code}", httpContext.Request.Method, httpContext.Request.Path, unavailable.Code);
                return await WriteAsync(httpContext, exception, StatusCodes.Status503ServiceUnavailable, unavailable.Code, unavailable.Message);
            default:
                logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
                status = StatusCodes.Status500InternalServerError;
                detail = "An unexpected error occurred. It has been logged; retry later.";
                break;
        }

        return await WriteAsync(httpContext, exception, status, ProblemRegistration.DescribeStatus(status).Code, detail);
    }

    private async ValueTask<bool> WriteAsync(HttpContext httpContext, Exception exception, int status, string code, string? detail)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = status switch { 500 => "Internal error.", 503 => "Service unavailable.", _ => "The request is invalid." },
            Type = ApiProblems.TypeBase + code,
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
