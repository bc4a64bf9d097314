namespace ModelMint.Domain.Models;

/// <summary>
/// The rule for model names (and version aliases): they appear in URLs and file paths, so they stay lowercase
/// ASCII. Equivalent to <c>^[a-z0-9][a-z0-9-]{1,62}$</c>.
/// </summary>
public static class ModelName
{
    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule =
        "2 to 63 characters: lowercase letters a-z, digits 0-9 and hyphens, starting with a letter or a digit.";

    /// <summary>The shortest valid name.</summary>
    public const int MinLength = 2;

    /// <summary>The longest valid name.</summary>
    public const int MaxLength = 63;

    /// <summary>Whether <paramref name="name"/> follows <see cref="Rule"/>. Never throws.</summary>
    public static bool IsValid(string? name)
    {
        // A hand loop rather than a regex: '$' would also accept a trailing "\n".
        if (name is null || name.Length is < MinLength or > MaxLength || name[0] == '-')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
