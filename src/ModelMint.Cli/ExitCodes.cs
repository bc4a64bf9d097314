namespace ModelMint.Cli;

/// <summary>The exit codes of <c>mint</c>, stable for scripts.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The server refused the request, or a training job failed or was cancelled.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong or incomplete (including a missing API key); nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>No server answered at the URL.</summary>
    public const int Unreachable = 3;

    /// <summary>The user pressed Ctrl+C.</summary>
    public const int Interrupted = 130;
}
