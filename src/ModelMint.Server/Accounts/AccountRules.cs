using System.Globalization;
using System.Net.Mail;

namespace ModelMint.Server.Accounts;

/// <summary>What an email address, a password and an organisation name must look like; pure, no I/O.</summary>
public static class AccountRules
{
    public const int MaxEmailLength = 254;
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 256;
    public const int MaxOrganisationNameLength = 100;

    public const string EmailRule = "Give an email address such as ada@example.com (at most 254 characters, no spaces).";

    public static readonly string PasswordRule =
        $"A password needs {MinPasswordLength} to {MaxPasswordLength} characters, must not be one character repeated and must not be the email address.";

    /// <summary>The address trimmed and lower-cased (the form it is stored and looked up in), or null when it is not one.</summary>
    public static string? NormalizeEmail(string? email)
    {
        var candidate = email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(candidate) || candidate.Length > MaxEmailLength || candidate.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return null;
        }

        var at = candidate.IndexOf('@', StringComparison.Ordinal);
        if (at is <= 0 or > 64 || at != candidate.LastIndexOf('@'))
        {
            return null;
        }

        var domain = candidate[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        return MailAddress.TryCreate(candidate, out var parsed) && parsed.Address == candidate && parsed.DisplayName.Length == 0 ? candidate : null;
    }

    /// <summary>Every rule the password breaks, in words; null when it is acceptable.</summary>
    public static string? PasswordProblem(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password))
        {
            return $"A password is required. {PasswordRule}";
        }

        var broken = new List<string>();
        if (password.Length < MinPasswordLength)
        {
            broken.Add($"it has {password.Length} characters, at least {MinPasswordLength} are needed");
        }

        if (password.Length > MaxPasswordLength)
        {
            broken.Add($"it has {password.Length} characters, at most {MaxPasswordLength} are allowed");
        }

        if (password.Distinct().Count() == 1)
        {
            broken.Add("it is one character repeated");
        }

        if (!string.IsNullOrWhiteSpace(email) && string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            broken.Add("it is the email address");
        }

        return broken.Count == 0 ? null : $"The password is too weak: {string.Join("; ", broken)}. {PasswordRule}";
    }

    /// <summary>The name trimmed, or null when it is empty, too long or holds characters that do not print.</summary>
    public static string? NormalizeOrganisationName(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxOrganisationNameLength || !IsPrintable(trimmed) ? null : trimmed;
    }

    // Control and format characters (such as right-to-left overrides) could hide or disguise a name in lists.
    private static bool IsPrintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]))
            {
                if (!char.IsSurrogatePair(text, i))
                {
                    return false;
                }

                i++;
                continue;
            }

            if (CharUnicodeInfo.GetUnicodeCategory(text[i]) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse)
            {
                return false;
            }
        }

        return true;
    }
}
