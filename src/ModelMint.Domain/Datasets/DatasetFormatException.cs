namespace ModelMint.Domain.Datasets;

/// <summary>
/// An uploaded dataset breaks a rule. <see cref="Exception.Message"/> says what was wrong and how to fix it,
/// in words fit to show the uploader.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>Creates the exception for one broken rule.</summary>
    /// <param name="code">One of <see cref="DatasetErrorCodes"/>.</param>
    /// <param name="message">What was wrong and how to fix it.</param>
    /// <param name="line">The 1-based physical line of the file where the problem starts, when it has one.</param>
    public DatasetFormatException(string code, string message, int? line = null)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
        Line = line;
    }

    /// <summary>The stable, kebab-case code; one of <see cref="DatasetErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>
    /// The 1-based physical line of the file where the problem starts (a CSV record spanning several lines is
    /// reported at its first line); <see langword="null"/> when the problem concerns the whole file.
    /// </summary>
    public int? Line { get; }
}
