using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ModelMint.Data.Datasets;
using ModelMint.Domain.Datasets;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Datasets;

/// <summary>An uploaded dataset; for a multi-label one, <c>labels</c> counts the rows carrying each label.</summary>
public sealed record DatasetResponse(Guid Id, string Name, string Format, int Rows, bool MultiLabel, IReadOnlyDictionary<string, int> Labels, string Digest, DateTimeOffset CreatedAt)
{
    public static DatasetResponse From(Dataset d) => new(d.Id, d.Name, d.Format, d.Rows, d.MultiLabel, DatasetService.LabelCounts(d), d.Digest, d.CreatedAt);
}

public static class DatasetEndpoints
{
    private const int MaxNameLength = 200;

    public static IEndpointRouteBuilder MapDatasetEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/datasets").WithTags("Datasets").RequireAuthorization();
        // The form is read by hand (so a wrong content type gets a specific 415), so the body is described here.
        group.MapPost("/", Upload)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string> { "file" },
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "CSV with header text,label, or JSONL" },
                                    ["name"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Defaults to the file name" },
                                },
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            })
            .DisableAntiforgery()
            .WithSummary("Upload a CSV (text,label) or JSONL dataset as multipart field 'file', with an optional 'name'.");
        group.MapGet("/", List).WithSummary("List this account's datasets.");
        group.MapGet("/{id:guid}", Get).WithSummary("One dataset.");
        return app;
    }

    public static async Task<Results<Created<DatasetResponse>, ProblemHttpResult>> Upload(
        HttpRequest request, DatasetService datasets, AuditLog audit, IOptions<DatasetOptions> options, CancellationToken cancellationToken)
    {
        var maxUpload = options.Value.MaxUploadBytes;
        if (!request.HasFormContentType)
        {
            return ApiProblems.Create(StatusCodes.Status415UnsupportedMediaType, "multipart-required", "Unsupported media type.",
                "Upload the dataset as multipart/form-data with the file in a field named 'file' (curl: -F file=@train.csv).");
        }

        // The form wraps the file in a little framing; allow for it, and refuse early when the client says it is too big.
        var maxBody = maxUpload + 64 * 1024;
        if (request.ContentLength > maxBody)
        {
            return TooLarge(maxUpload);
        }

        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBody;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBody }, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return TooLarge(maxUpload);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxUpload);
        }

        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return ApiProblems.Validation("dataset-file-missing", "No file was sent. Put the dataset in a multipart field named 'file' (curl: -F file=@train.csv).", "file");
        }

        if (file.Length > maxUpload)
        {
            return TooLarge(maxUpload);
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        return await Import(request.HttpContext, file.FileName, file.ContentType, form["name"].ToString(), content, datasets, audit, cancellationToken);
    }

    /// <summary>
    /// Checks and stores an uploaded file's bytes: the format from its name and type, the dataset's name, then the
    /// parser's row-by-row validation. Shared by the API and the portal's upload form, so both say the same.
    /// </summary>
    public static async Task<Results<Created<DatasetResponse>, ProblemHttpResult>> Import(
        HttpContext context, string fileName, string? contentType, string? requestedName, byte[] content, DatasetService datasets, AuditLog audit, CancellationToken cancellationToken)
    {
        var format = DatasetParser.DetectFormat(fileName, contentType);
        if (format is null)
        {
            return ApiProblems.Create(StatusCodes.Status415UnsupportedMediaType, "dataset-unsupported-format", "Unsupported dataset format.",
                $"'{fileName}' is neither CSV nor JSONL. Upload a .csv file with a header 'text,label' or a .jsonl file with one {{\"text\":..,\"label\":..}} object per line.");
        }

        var name = (requestedName ?? "").Trim();
        if (name.Length == 0)
        {
            name = Path.GetFileNameWithoutExtension(fileName);
        }

        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return ApiProblems.Validation("invalid-dataset-name", $"The name must be at most {MaxNameLength} printable characters.", "name");
        }

        try
        {
            var dataset = await datasets.ImportAsync(context.User.AccountId(), name, format.Value, content, cancellationToken);
            await audit.RecordAsync(context, AuditActions.DatasetUploaded, $"dataset:{dataset.Id}", new { name, rows = dataset.Rows }, cancellationToken: cancellationToken);
            return TypedResults.Created($"/v1/datasets/{dataset.Id}", DatasetResponse.From(dataset));
        }
        catch (DatasetFormatException e)
        {
            var extensions = new Dictionary<string, object?>();
            if (e.Line is { } line)
            {
                extensions["line"] = line;
            }

            return ApiProblems.Create(StatusCodes.Status422UnprocessableEntity, e.Code, "The dataset is invalid.", e.Message, extensions);
        }
    }

    public static async Task<Ok<ItemList<DatasetResponse>>> List(HttpContext context, DatasetService datasets, CancellationToken cancellationToken)
    {
        var all = await datasets.ListAsync(context.User.AccountId(), cancellationToken);
        return TypedResults.Ok(new ItemList<DatasetResponse>(all.Select(DatasetResponse.From).ToList()));
    }

    public static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> Get(Guid id, HttpContext context, DatasetService datasets, CancellationToken cancellationToken)
    {
        var dataset = await datasets.FindAsync(context.User.AccountId(), id, cancellationToken);
        return dataset is null ? DatasetNotFound(id) : TypedResults.Ok(DatasetResponse.From(dataset));
    }

    internal static ProblemHttpResult DatasetNotFound(Guid id) =>
        ApiProblems.NotFound("dataset-not-found", $"No dataset {id} in this account. List yours with GET /v1/datasets or upload one with POST /v1/datasets.");

    internal static ProblemHttpResult TooLarge(long maxUpload) =>
        ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "dataset-too-large", "Dataset too large.",
            $"The file is larger than the limit of {maxUpload:N0} bytes. Split it, or raise Datasets__MaxUploadBytes on the server.");
}
