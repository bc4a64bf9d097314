using System.Collections;

namespace ModelMint.Server.Predictions;

/// <summary>
/// Every label's probability, in the model's label order, as a read-only dictionary: written to JSON as
/// <c>{label: probability}</c> like any dictionary, but built without hashing. A response's scores (77 for banking77,
/// 64 × 77 in a batch) are written once and not looked up, so filling a hash table for each was wasted work; a lookup
/// here scans the labels.
/// </summary>
public sealed class LabelScoreDictionary : IReadOnlyDictionary<string, double>
{
    private readonly IReadOnlyList<string> labels;
    private readonly double[] scores;

    public LabelScoreDictionary(IReadOnlyList<string> labels, double[] scores)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(scores.Length, labels.Count, nameof(scores));
        this.labels = labels;
        this.scores = scores;
    }

    public int Count => scores.Length;

    public IEnumerable<string> Keys => labels;

    public IEnumerable<double> Values => scores;

    public double this[string key] => TryGetValue(key, out var score) ? score : throw new KeyNotFoundException($"The model has no label '{key}'.");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out double value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? scores[index] : 0;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var i = 0; i < scores.Length; i++)
        {
            yield return new KeyValuePair<string, double>(labels[i], scores[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (string.Equals(labels[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
