using System.Globalization;
using ModelMint.Client;
using Spectre.Console;

namespace ModelMint.Cli.Output;

/// <summary>Writes failures to standard error as <c>error: ...</c> in red, with what to do next where that is known.</summary>
internal sealed class ErrorReporter(IAnsiConsole console)
{
    public void Usage(string message) => Failure(message);

    public void Failure(string message) => console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    public void Api(ModelMintApiException ex)
    {
        var where = new List<string>();
        if (ex.Code is not null)
        {
            where.Add($"code {ex.Code}");
        }

        if (ex.Line is not null)
        {
            where.Add($"line {ex.Line}");
        }

        if (where.Count == 0 || ex.Code is null)
        {
            where.Insert(0, $"HTTP {ex.Status}");
        }

        console.MarkupLine($"[red]error: {Markup.Escape(ex.Detail ?? ex.Message)}[/] [grey]({Markup.Escape(string.Join(", ", where))})[/]");
        foreach (var (field, messages) in ex.Errors)
        {
            // Validation problems repeat the detail under the field it concerns; print only what adds to it.
            foreach (var message in messages.Where(m => m != ex.Detail))
            {
                console.MarkupLine($"  [red]{Markup.Escape(field)}:[/] {Markup.Escape(message)}");
            }
        }

        if (Hint(ex) is { } hint)
        {
            console.MarkupLine(hint);
        }
    }

    /// <summary>What to do next, for the refusals whose remedy is known; markup.</summary>
    private static string? Hint(ModelMintApiException ex) => (ex.Status, ex.Code) switch
    {
        (401, _) => $"Check the key given with --key or {MintRuntime.KeyVariable}; it may be mistyped, expired or revoked.",
        (402, _) or (_, "insufficient-balance") =>
            "Top up the prepaid balance or redeem a code: [bold]mint redeem CODE[/]. See what is left with [bold]mint balance[/].",
        (403, "ip-not-allowed") =>
            "This key only works from its allowed addresses (see [bold]mint keys list[/]); call from one of them or use another key.",
        (403, "model-not-allowed") =>
            "This key may only call the models it lists (see [bold]mint keys list[/]); use another key, or create one with [bold]mint keys create --model NAME[/].",
        (403, _) => "This key is not allowed to do that; use a key of the organisation that owns the resource.",
        (429, _) => $"Rate limit reached: retry after {RetryAfter(ex.RetryAfter)}. A key's own limits are set with [bold]mint keys create --rpm N --units-per-minute N[/].",
        (409, "idempotency-key-in-flight") =>
            "The first request with this idempotency key is still running; retry with the same --idempotency-key once it has finished to get its answer.",
        (422, "idempotency-key-reused") => "An idempotency key stands for one request; use a new --idempotency-key for a different request.",
        (503, "usage-not-recorded") => "Nothing was charged; retry in a moment (with the same --idempotency-key, if you gave one).",
        (422, "redemption-code-unusable") => "Check the code for typos; each code can be redeemed once.",
        _ => null,
    };

    private static string RetryAfter(TimeSpan? wait) => wait is { } w
        ? $"{Math.Max(1, (int)Math.Ceiling(w.TotalSeconds)).ToString(CultureInfo.InvariantCulture)} s"
        : "a minute";

    public void Unreachable(Uri url, HttpRequestException ex)
    {
        var reason = ex.InnerException?.Message ?? ex.Message;
        console.MarkupLine($"[red]error: the ModelMint server is not reachable at {Markup.Escape(url.ToString())}[/] [grey]({Markup.Escape(reason)})[/]");
        console.MarkupLine(
            "Start it with [bold]dotnet run --project src/ModelMint.Server[/], "
            + $"or point --url / {MintRuntime.UrlVariable} at a running server.");
    }
}
