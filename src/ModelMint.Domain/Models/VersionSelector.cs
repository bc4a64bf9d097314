using System.Globalization;

namespace ModelMint.Domain.Models;

/// <summary>
/// Which version of a model a prediction uses: a version <see cref="Number"/> or an <see cref="Alias"/> such as
/// <c>production</c>. Exactly one is set on values from <see cref="TryParse"/> and the factories;
/// <c>default(VersionSelector)</c> has neither and should not be used.
/// </summary>
public readonly record struct VersionSelector
{
    /// <summary>The alias used when a request names no version.</summary>
    public const string DefaultAlias = "production";

    /// <summary>The alias rule in words, for error messages.</summary>
    public const string AliasRule = ModelName.Rule + " An alias may not be only digits; those are version numbers.";

    private VersionSelector(int? number, string? alias)
    {
        Number = number;
        Alias = alias;
    }

    /// <summary>The version number (1 or more), or <see langword="null"/> when an alias is selected.</summary>
    public int? Number { get; }

    /// <summary>The alias, or <see langword="null"/> when a version number is selected.</summary>
    public string? Alias { get; }

    /// <summary>Selects <see cref="DefaultAlias"/>.</summary>
    public static VersionSelector Default { get; } = new(null, DefaultAlias);

    /// <summary>Selects version <paramref name="number"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is not positive.</exception>
    public static VersionSelector ForNumber(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        return new(number, null);
    }

    /// <summary>Selects the version that <paramref name="alias"/> points to.</summary>
    /// <exception cref="ArgumentException"><paramref name="alias"/> breaks <see cref="AliasRule"/>.</exception>
    public static VersionSelector ForAlias(string alias) =>
        IsValidAlias(alias)
            ? new(null, alias)
            : throw new ArgumentException($"'{alias}' is not a valid alias. Aliases are {AliasRule}", nameof(alias));

    /// <summary>
    /// Parses a predict request's <c>version</c>: a positive integer selects that version, anything else must be a
    /// valid alias. Surrounding whitespace is ignored; <see langword="null"/>, empty or blank selects
    /// <see cref="DefaultAlias"/>.
    /// </summary>
    /// <param name="value">The raw value (a JSON number is passed as its digits).</param>
    /// <param name="selector">The selection, or <c>default</c> on failure.</param>
    /// <param name="error">On failure, what was wrong and how to fix it; otherwise <see langword="null"/>.</param>
    /// <returns>Whether <paramref name="value"/> is a version number or a valid alias.</returns>
    public static bool TryParse(string? value, out VersionSelector selector, out string? error)
    {
        var trimmed = value.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            selector = Default;
            error = null;
            return true;
        }

        if (IsAllDigits(trimmed))
        {
            if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
            {
                selector = new(number, null);
                error = null;
                return true;
            }

            selector = default;
            error = $"'{value}' is not a valid version number. Version numbers start at 1 and go up to {int.MaxValue}.";
            return false;
        }

        var alias = trimmed.ToString();
        if (IsValidAlias(alias))
        {
            selector = new(null, alias);
            error = null;
            return true;
        }

        selector = default;
        error = $"'{value}' is neither a version number nor a valid alias. Give a version number such as 3, or an " +
            $"alias such as '{DefaultAlias}': {AliasRule}";
        return false;
    }

    /// <summary>Whether <paramref name="alias"/> follows <see cref="ModelName.Rule"/> and is not only digits.</summary>
    public static bool IsValidAlias(string? alias) => ModelName.IsValid(alias) && !IsAllDigits(alias);

    /// <summary>The version number or the alias, as a client would write it.</summary>
    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? Alias ?? string.Empty;

    private static bool IsAllDigits(ReadOnlySpan<char> value) => !value.ContainsAnyExceptInRange('0', '9');
}
