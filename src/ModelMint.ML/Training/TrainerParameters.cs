using System.Globalization;

namespace ModelMint.ML.Training;

/// <summary>Reads a trainer's string parameters: names match case-insensitively, unknown names are rejected.</summary>
internal sealed class TrainerParameters
{
    private readonly string _trainer;
    private readonly Dictionary<string, string> _values;

    public TrainerParameters(string trainer, IReadOnlyDictionary<string, string>? values, params string[] known)
    {
        _trainer = trainer;
        _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            var canonical = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException(
                    $"Unknown parameter '{name}' for trainer '{trainer}'; known parameters: {string.Join(", ", known)}.", nameof(values));
            if (!_values.TryAdd(canonical, value))
            {
                throw new ArgumentException($"Parameter '{canonical}' is given more than once for trainer '{trainer}'.", nameof(values));
            }
        }
    }

    /// <summary>Runs a trainer's parameter parsing and turns its refusal into a message list.</summary>
    public static IReadOnlyList<string> Validate(Action parse)
    {
        try
        {
            parse();
            return [];
        }
        catch (ArgumentException e)
        {
            return [e.Message.Split(" (Parameter", 2)[0]];
        }
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public double PositiveDouble(string name, double fallback)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0)
        {
            throw Invalid(name, text, "a positive number such as 0.5");
        }

        return value;
    }

    public int PositiveInt(string name, int fallback)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw Invalid(name, text, "a positive whole number");
        }

        return value;
    }

    public int PositiveInt(string name, int fallback, int max)
    {
        var value = PositiveInt(name, fallback);
        return value <= max ? value : throw Invalid(name, _values[name], $"a whole number from 1 to {max}");
    }

    /// <summary>A number strictly between 0 and 1.</summary>
    public double Fraction(string name, double fallback)
    {
        var value = PositiveDouble(name, fallback);
        return value < 1 ? value : throw Invalid(name, _values[name], "a number between 0 and 1 (exclusive) such as 0.1");
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int IntInRange(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Invalid(name, text, $"a whole number from {min} to {max}");
        }

        return value;
    }

    /// <summary>A number in (0, <paramref name="max"/>].</summary>
    public double PositiveDoubleAtMost(string name, double fallback, double max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0 || value > max)
        {
            throw Invalid(name, text, $"a number greater than 0 and at most {Format(max)}, such as {Format(fallback)}");
        }

        return value;
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), returned as spelled there.</summary>
    public string OneOf(string name, string fallback, params string[] allowed)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            ?? throw Invalid(name, text, $"one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}");
    }

    public static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private ArgumentException Invalid(string name, string text, string expected) =>
        new($"Parameter '{name}' of trainer '{_trainer}' must be {expected}, not '{text}'.");
}
