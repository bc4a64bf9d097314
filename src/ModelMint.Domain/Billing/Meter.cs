namespace ModelMint.Domain.Billing;

/// <summary>
/// What a usage quantity counts: <see cref="Calls"/>, <see cref="Characters"/>, <see cref="Tokens"/>, or another
/// operator-defined meter. Names are 1 to 32 characters of lowercase ASCII letters, digits, '_' and '-', starting
/// with a letter. <c>default(Meter)</c> has no name and is not valid.
/// </summary>
public readonly record struct Meter
{
    /// <summary>The longest meter name.</summary>
    public const int MaxLength = 32;

    /// <summary>The naming rule in words, for error messages.</summary>
    public const string Rule =
        "1 to 32 characters: lowercase letters a-z, digits 0-9, '_' and '-', starting with a letter.";

    private Meter(string name) => Name = name;

    /// <summary>One per API call.</summary>
    public static Meter Calls { get; } = new("calls");

    /// <summary>Characters of input text (Unicode scalar values).</summary>
    public static Meter Characters { get; } = new("characters");

    /// <summary>Model tokens (gateway calls).</summary>
    public static Meter Tokens { get; } = new("tokens");

    /// <summary>The meter's name, e.g. <c>characters</c>.</summary>
    public string Name { get; }

    /// <summary>A meter called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks <see cref="Rule"/>.</exception>
    public static Meter Parse(string name) =>
        TryParse(name, out var meter)
            ? meter
            : throw new ArgumentException($"Invalid meter name '{name}': {Rule}", nameof(name));

    /// <summary>Reads a meter name. Never throws.</summary>
    public static bool TryParse(string? name, out Meter meter)
    {
        meter = default;
        if (name is null || name.Length is 0 or > MaxLength || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        meter = new Meter(name);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Name ?? string.Empty;
}
