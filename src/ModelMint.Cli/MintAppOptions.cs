using ModelMint.Client;
using Spectre.Console;

namespace ModelMint.Cli;

/// <summary>What <see cref="MintApp.Create(MintAppOptions?)"/> wires the commands to; every member has a production default.</summary>
public sealed class MintAppOptions
{
    /// <summary>Where results go; standard output by default.</summary>
    public IAnsiConsole? Console { get; init; }

    /// <summary>Where errors go; standard error by default.</summary>
    public IAnsiConsole? ErrorConsole { get; init; }

    /// <summary>
    /// Builds the API client from the resolved server URL and key (which may be <see langword="null"/> for
    /// commands that need none). By default a <see cref="ModelMintClient"/> with its own <see cref="HttpClient"/>.
    /// Tests return a client over a fake handler or a <c>WebApplicationFactory</c> client.
    /// </summary>
    public Func<Uri, string?, ModelMintClient>? ClientFactory { get; init; }

    /// <summary>Reads an environment variable (<c>MODELMINT_URL</c>, <c>MODELMINT_KEY</c>); the process environment by default.</summary>
    public Func<string, string?>? GetEnvironmentVariable { get; init; }

    /// <summary>How often <c>train --wait</c> polls the job; one second by default.</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>The clock for elapsed times shown while waiting; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider? TimeProvider { get; init; }
}

/// <summary>The resolved <see cref="MintAppOptions"/>, injected into every command.</summary>
internal sealed class MintRuntime
{
    public const string UrlVariable = "MODELMINT_URL";
    public const string KeyVariable = "MODELMINT_KEY";
    public static readonly Uri DefaultUrl = new("http://localhost:5080/");

    public MintRuntime(MintAppOptions options)
    {
        Console = options.Console ?? AnsiConsole.Console;
        ErrorConsole = options.ErrorConsole
            ?? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        ClientFactory = options.ClientFactory ?? ((url, key) => new ModelMintClient(url, key));
        GetEnvironmentVariable = options.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        PollInterval = options.PollInterval ?? TimeSpan.FromSeconds(1);
        Time = options.TimeProvider ?? TimeProvider.System;
    }

    public IAnsiConsole Console { get; }

    public IAnsiConsole ErrorConsole { get; }

    public Func<Uri, string?, ModelMintClient> ClientFactory { get; }

    public Func<string, string?> GetEnvironmentVariable { get; }

    public TimeSpan PollInterval { get; }

    public TimeProvider Time { get; }
}
