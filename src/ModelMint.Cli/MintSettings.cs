using System.ComponentModel;
using Spectre.Console.Cli;

namespace ModelMint.Cli;

/// <summary>The options every command takes: where the server is and which key to use.</summary>
internal class MintSettings : CommandSettings
{
    [CommandOption("--url <URL>")]
    [Description("Server URL. Default: $MODELMINT_URL, else http://localhost:5080")]
    public string? Url { get; set; }

    [CommandOption("--key <KEY>")]
    [Description("API key (mm_...). Default: $MODELMINT_KEY")]
    public string? Key { get; set; }
}
