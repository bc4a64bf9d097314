using ModelMint.Cli.Tests.Fakes;
using ModelMint.Client;
using Spectre.Console;

namespace ModelMint.Cli.Tests;

/// <summary>What one <c>mint</c> run returned and printed.</summary>
internal sealed record MintResult(int ExitCode, string Output, string Errors);

/// <summary>
/// Runs <c>mint</c> in-process: output and errors are captured without colours at a wide width, the client talks to
/// <see cref="Api"/>, the environment is <see cref="Environment"/> only, and polling does not sleep.
/// </summary>
internal sealed class MintHarness(Func<Uri, HttpClient>? httpClientFactory = null)
{
    public FakeApi Api { get; } = new();

    public Dictionary<string, string> Environment { get; } = new() { ["MODELMINT_KEY"] = "mm_test" };

    /// <summary>Whether the captured console claims to be an interactive ANSI terminal (live displays redraw).</summary>
    public bool Interactive { get; set; }

    /// <summary>The URL and key the last command built its client with.</summary>
    public (Uri Url, string? Key)? LastConnection { get; private set; }

    public async Task<MintResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var app = MintApp.Create(new MintAppOptions
        {
            Console = Capture(output, Interactive),
            ErrorConsole = Capture(errors, interactive: false),
            ClientFactory = (url, key) =>
            {
                LastConnection = (url, key);
                return new ModelMintClient(httpClientFactory?.Invoke(url) ?? Api.CreateHttpClient(url), key);
            },
            GetEnvironmentVariable = name => Environment.GetValueOrDefault(name),
            PollInterval = TimeSpan.Zero,
        });

        var exitCode = await app.RunAsync(args);
        return new MintResult(exitCode, output.ToString(), errors.ToString());
    }

    private static IAnsiConsole Capture(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        return console;
    }
}
