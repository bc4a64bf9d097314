using System.Text.Json;
using ModelMint.Server.Marketplace;

namespace ModelMint.Server.Portal;

/// <summary>
/// A catalog model's generated reference: the predict request and a response shaped by the model's own labels, and
/// the same call in curl, C#, Python and JavaScript. Generated from the catalog entry, so it is never out of date.
/// </summary>
public static class CodeSamples
{
    public const string ExampleText = "I was charged twice for my last order";

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static string Request() => JsonSerializer.Serialize(new { text = ExampleText }, Indented);

    public static string Response(CatalogEntry model)
    {
        var labels = model.Labels.Count > 0 ? model.Labels : ["label"];
        // Illustrative scores: the first label most likely, the rest sharing the remainder; they sum to 1.
        var scores = labels.Select((l, i) => (l, Score: i == 0 ? 0.9 : Math.Round(0.1 / Math.Max(1, labels.Count - 1), 4)))
            .ToDictionary(p => p.l, p => p.Score);
        var response = new
        {
            model = model.Model,
            version = model.ProductionVersion ?? 1,
            predictions = new[] { new { id = "0193f1c2-0000-7000-8000-000000000000", label = labels[0], score = 0.9, scores } },
        };
        return JsonSerializer.Serialize(response, Indented);
    }

    public static IReadOnlyList<(string Language, string Code)> For(string baseUrl, string model)
    {
        var url = $"{baseUrl.TrimEnd('/')}/v1/models/{model}/predict";
        return
        [
            ("curl", $"curl -s {url} \\\n  -H \"Authorization: Bearer $MODELMINT_KEY\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{{\"text\":\"{ExampleText}\"}}'"),
            ("C#", $$"""
                using System.Net.Http.Headers;
                using System.Net.Http.Json;

                using var http = new HttpClient();
                http.DefaultRequestHeaders.Authorization =
                    new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("MODELMINT_KEY"));
                var response = await http.PostAsJsonAsync("{{url}}", new { text = "{{ExampleText}}" });
                response.EnsureSuccessStatusCode();
                Console.WriteLine(await response.Content.ReadAsStringAsync());
                """),
            ("Python", $$"""
                import os, requests

                response = requests.post(
                    "{{url}}",
                    headers={"Authorization": f"Bearer {os.environ['MODELMINT_KEY']}"},
                    json={"text": "{{ExampleText}}"},
                )
                response.raise_for_status()
                print(response.json()["predictions"][0]["label"])
                """),
            ("JavaScript", $$"""
                const response = await fetch("{{url}}", {
                  method: "POST",
                  headers: {
                    "Authorization": `Bearer ${process.env.MODELMINT_KEY}`,
                    "Content-Type": "application/json",
                  },
                  body: JSON.stringify({ text: "{{ExampleText}}" }),
                });
                if (!response.ok) throw new Error(await response.text());
                console.log((await response.json()).predictions[0].label);
                """),
        ];
    }

    /// <summary>A price in words: "0.002 USD per call", "0.01 USD per 1000 characters".</summary>
    public static string Price(PriceSpec price, PortalText t) =>
        price.Amount is null ? t.Free
        : price.Type == "per_unit" ? $"{price.Amount} {price.Currency} {t.Per} {price.UnitSize} {price.Meter}"
        : price.Type == "per_accepted" ? $"{price.Amount} {price.Currency} {t.PerAcceptedPrediction}"
        : $"{price.Amount} {price.Currency} {t.PerCall}";
}
