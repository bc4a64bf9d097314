using System.Net.Sockets;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli;

/// <summary>
/// A command that talks to the server. Resolves <c>--url</c> and <c>--key</c> against the environment, builds the
/// client, and turns API and connection errors into a red message on standard error and an <see cref="ExitCodes"/> value,
/// so each command only handles its success path.
/// </summary>
internal abstract class MintCommand<TSettings>(MintRuntime runtime) : AsyncCommand<TSettings>
    where TSettings : MintSettings
{
    protected MintRuntime Runtime { get; } = runtime;

    protected IAnsiConsole Console => Runtime.Console;

    protected ErrorReporter Errors { get; } = new(runtime.ErrorConsole);

    /// <summary>Whether the command is refused without an API key (only health checks are not).</summary>
    protected virtual bool RequiresKey => true;

    public sealed override async Task<int> ExecuteAsync(
        CommandContext context,
        TSettings settings,
        CancellationToken cancellationToken)
    {
        var urlText = Blank(settings.Url) ?? Blank(Runtime.GetEnvironmentVariable(MintRuntime.UrlVariable));
        var url = urlText is null ? MintRuntime.DefaultUrl : ParseUrl(urlText);
        if (url is null)
        {
            Errors.Usage($"'{urlText}' is not a server URL; pass an absolute http(s) URL such as http://localhost:5080.");
            return ExitCodes.Usage;
        }

        var key = Blank(settings.Key) ?? Blank(Runtime.GetEnvironmentVariable(MintRuntime.KeyVariable));
        if (key is null && RequiresKey)
        {
            Errors.Usage($"no API key. Pass --key mm_... or set the {MintRuntime.KeyVariable} environment variable.");
            return ExitCodes.Usage;
        }

        using var client = Runtime.ClientFactory(url, key);
        try
        {
            return await RunAsync(client, settings, cancellationToken);
        }
        catch (ModelMintApiException ex)
        {
            Errors.Api(ex);
            return ExitCodes.Failure;
        }
        catch (HttpRequestException ex) when (IsUnreachable(ex))
        {
            Errors.Unreachable(client.BaseAddress, ex);
            return ExitCodes.Unreachable;
        }
        catch (HttpRequestException ex)
        {
            Errors.Failure($"the request to {client.BaseAddress} failed: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested && ex.InnerException is TimeoutException)
        {
            Errors.Failure($"the server at {client.BaseAddress} did not answer in time.");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Runs the command with a ready client; returns an <see cref="ExitCodes"/> value.</summary>
    protected abstract Task<int> RunAsync(ModelMintClient client, TSettings settings, CancellationToken cancellationToken);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri? ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;

    private static bool IsUnreachable(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
        || ex.InnerException is SocketException;
}
