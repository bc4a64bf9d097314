using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Health;

public sealed record HealthResponse(string Status);

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Live).WithTags("Health").WithSummary("The process is up.");
        app.MapGet("/readyz", Ready).WithTags("Health").WithSummary("The database answers; the node can take traffic.");
        return app;
    }

    public static Ok<HealthResponse> Live() => TypedResults.Ok(new HealthResponse("ok"));

    public static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> Ready(ModelMintDbContext db, CancellationToken cancellationToken) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? TypedResults.Ok(new HealthResponse("ok"))
            : ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, "not-ready", "Not ready.", "The database does not answer. Check the data folder or database server.");
}
