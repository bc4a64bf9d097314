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
            foreach (var message in messages)
            {
                console.MarkupLine($"  [red]{Markup.Escape(field)}:[/] {Markup.Escape(message)}");
            }
        }

        if (ex.Status == 401)
        {
            console.MarkupLine($"Check the key given with --key or {MintRuntime.KeyVariable}; it may be mistyped, expired or revoked.");
        }
    }

    public void Unreachable(Uri url, HttpRequestException ex)
    {
        var reason = ex.InnerException?.Message ?? ex.Message;
        console.MarkupLine($"[red]error: the ModelMint server is not reachable at {Markup.Escape(url.ToString())}[/] [grey]({Markup.Escape(reason)})[/]");
        console.MarkupLine(
            "Start it with [bold]dotnet run --project src/ModelMint.Server[/], "
            + $"or point --url / {MintRuntime.UrlVariable} at a running server.");
    }
}
