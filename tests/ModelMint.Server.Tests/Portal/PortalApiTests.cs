using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelMint.Server.Portal;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Tests.Portal;

public sealed class PortalApiTests
{
    [Fact]
    public void Read_AValidationProblem_GivesItsCodeDetailAndField()
    {
        Results<Created<string>, ProblemHttpResult> result = ApiProblems.Validation("invalid-key-name", "The key name is too long.", "name");

        var read = PortalApi.Read<string>(result);

        Assert.False(read.Ok);
        Assert.Equal(new PortalProblem(400, "invalid-key-name", "The key name is too long.", "name"), read.Problem);
        Assert.Equal("The key name is too long.", read.Problem!.For("name"));
        Assert.Null(read.Problem.For("expiresAt"));
    }

    [Fact]
    public void Read_ANotFound_HasNoField()
    {
        Results<Ok<string>, ProblemHttpResult> result = ApiProblems.NotFound("key-not-found", "No key.");

        var read = PortalApi.Read<string>(result);

        Assert.Equal(StatusCodes.Status404NotFound, read.Problem!.Status);
        Assert.Null(read.Problem.Field);
    }

    [Fact]
    public void Read_ASuccess_GivesTheValue_AndNoContentIsOk()
    {
        Results<Created<string>, ProblemHttpResult> created = TypedResults.Created("/x", "made");
        Results<NoContent, ProblemHttpResult> none = TypedResults.NoContent();

        Assert.Equal("made", PortalApi.Read<string>(created).Value);
        Assert.True(PortalApi.Read<object>(none).Ok);
    }
}
