namespace ModelMint.Cli.Tests.Fakes;

/// <summary>Response bodies shaped exactly as the server's response records write them (src/ModelMint.Server/*/*Endpoints.cs).</summary>
internal static class ContractJson
{
    public static readonly Guid DatasetId = Guid.Parse("0196f8c2-1111-7000-8000-000000000001");
    public static readonly Guid JobId = Guid.Parse("0196f8c2-2222-7000-8000-000000000002");
    public static readonly Guid KeyId = Guid.Parse("0196f8c2-3333-7000-8000-000000000003");

    public const string Digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static string Dataset(string name = "reviews") => $$"""
        {
          "id": "{{DatasetId}}",
          "name": "{{name}}",
          "format": "csv",
          "rows": 120,
          "labels": { "positive": 70, "negative": 50 },
          "digest": "{{Digest}}",
          "createdAt": "2025-06-01T10:00:00Z"
        }
        """;

    public const string Metrics = """
        {
          "accuracy": 0.912,
          "macroF1": 0.905,
          "testRows": 24,
          "perClass": [
            { "label": "positive", "precision": 0.93, "recall": 0.929, "f1": 0.929, "support": 14 },
            { "label": "negative", "precision": 0.889, "recall": 0.8, "f1": 0.842, "support": 10 }
          ],
          "confusionMatrix": { "labels": ["positive", "negative"], "counts": [[13, 1], [2, 8]] },
          "expectedCalibrationError": 0.0312,
          "task": "single-label",
          "microF1": null,
          "hammingLoss": null
        }
        """;

    public const string MultiLabelMetrics = """
        {
          "accuracy": 0.61,
          "macroF1": 0.702,
          "testRows": 40,
          "perClass": [
            { "label": "billing", "precision": 0.8, "recall": 0.75, "f1": 0.774, "support": 16 },
            { "label": "refund", "precision": 0.7, "recall": 0.58, "f1": 0.634, "support": 12 }
          ],
          "confusionMatrix": null,
          "expectedCalibrationError": 0.044,
          "task": "multi-label",
          "microF1": 0.721,
          "hammingLoss": 0.0875
        }
        """;

    public const string Leaderboard = """
        [
          { "candidate": "svm c=0.5", "parameters": { "c": "0.5", "weighting": "tfidf", "validation": "5-fold" },
            "validationAccuracy": 0.874, "validationLogLoss": 0.3311, "seconds": 0.42, "chosen": false },
          { "candidate": "svm c=0.1", "parameters": { "c": "0.1", "weighting": "tfidf", "validation": "5-fold" },
            "validationAccuracy": 0.861, "validationLogLoss": 0.3502, "seconds": 0.31, "chosen": false },
          { "candidate": "svm c=1", "parameters": { "c": "1", "weighting": "tfidf", "validation": "5-fold" },
            "validationAccuracy": 0.881, "validationLogLoss": 0.3207, "seconds": 0.55, "chosen": true }
        ]
        """;

    public static string Point(string series, int step, double? trainingLoss, double? validationLoss, double? validationAccuracy) =>
        $$"""
        { "series": "{{series}}", "step": {{step}}, "trainingLoss": {{Number(trainingLoss)}},
          "validationLoss": {{Number(validationLoss)}}, "validationAccuracy": {{Number(validationAccuracy)}} }
        """;

    public static string Curve(string status, double progress, params string[] points) => $$"""
        {
          "jobId": "{{JobId}}",
          "status": "{{status}}",
          "progress": {{Number(progress)}},
          "points": [{{string.Join(",", points)}}]
        }
        """;

    private static string Number(double? value) =>
        value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";

    public static string Job(string status, double progress, bool withResult = false, string? error = null) => $$"""
        {
          "id": "{{JobId}}",
          "status": "{{status}}",
          "progress": {{progress.ToString(System.Globalization.CultureInfo.InvariantCulture)}},
          "modelName": "sentiment",
          "datasetId": "{{DatasetId}}",
          "testDatasetId": null,
          "testFraction": 0.2,
          "trainer": "sdca",
          "seed": 42,
          "createdAt": "2025-06-01T10:00:00Z",
          "startedAt": "2025-06-01T10:00:01Z",
          "finishedAt": {{(status is "succeeded" or "failed" or "cancelled" ? "\"2025-06-01T10:00:04Z\"" : "null")}},
          "metrics": {{(withResult ? Metrics : "null")}},
          "modelVersion": {{(withResult ? "3" : "null")}},
          "error": {{(error is null ? "null" : $"\"{error}\"")}}
        }
        """;

    public const string Model = """
        {
          "name": "sentiment",
          "createdAt": "2025-06-01T10:00:00Z",
          "aliases": { "production": 2, "staging": 3 },
          "versions": [
            { "version": 1, "createdAt": "2025-06-01T10:00:00Z", "trainer": "sdca", "accuracy": 0.81, "macroF1": 0.8 },
            { "version": 2, "createdAt": "2025-06-02T10:00:00Z", "trainer": "lbfgs", "accuracy": 0.874, "macroF1": 0.861 },
            { "version": 3, "createdAt": "2025-06-03T10:00:00Z", "trainer": "sdca", "accuracy": 0.912, "macroF1": 0.905 }
          ]
        }
        """;

    public static string ModelVersion(string leaderboard = "[]") => $$"""
        {
          "model": "sentiment",
          "version": 3,
          "createdAt": "2025-06-03T10:00:00Z",
          "labels": ["negative", "positive"],
          "aliases": ["staging"],
          "lineage": {
            "trainingJobId": "{{JobId}}",
            "datasetId": "{{DatasetId}}",
            "datasetDigest": "{{Digest}}",
            "testFraction": 0.2,
            "trainer": "sdca",
            "parameters": { "maxIterations": "100" },
            "seed": 42,
            "trainRows": 96,
            "testRows": 24,
            "trainingSeconds": 2.5,
            "createdAt": "2025-06-03T10:00:00Z",
            "leaderboard": {{leaderboard}}
          },
          "metrics": {{Metrics}}
        }
        """;

    public static string Predictions(params (string Label, double Score)[] predictions) =>
        $$"""
        {
          "model": "sentiment",
          "version": 3,
          "predictions": [{{string.Join(",", predictions.Select(p => $$"""
            {
              "id": "{{Guid.NewGuid()}}",
              "label": "{{p.Label}}",
              "score": {{p.Score.ToString(System.Globalization.CultureInfo.InvariantCulture)}},
              "scores": {
                "{{p.Label}}": {{p.Score.ToString(System.Globalization.CultureInfo.InvariantCulture)}},
                "{{(p.Label == "positive" ? "negative" : "positive")}}": {{(1 - p.Score).ToString(System.Globalization.CultureInfo.InvariantCulture)}}
              }
            }
            """))}}]
        }
        """;

    /// <summary><c>RoutingResponse</c> (Models/RoutingEndpoints.cs): a canary alias at 10 %, shadow version 2, one comparison.</summary>
    public const string Routing = """
        {
          "model": "sentiment",
          "production": 1,
          "canary": { "version": "candidate", "resolvesTo": 2, "percent": 10 },
          "shadow": { "version": "2", "resolvesTo": 2, "percent": null },
          "shadowSkippedOnThisNode": 3,
          "comparisons": [
            { "servedVersion": 1, "shadowVersion": 2, "texts": 200, "agreed": 174, "agreement": 0.87,
              "disagreements": [
                { "served": "positive", "shadow": "negative", "texts": 20 },
                { "served": "negative", "shadow": "positive", "texts": 5 },
                { "served": "negative", "shadow": "neutral", "texts": 1 }
              ] }
          ]
        }
        """;

    public const string NoRouting = """
        { "model": "sentiment", "production": 1, "canary": null, "shadow": null, "shadowSkippedOnThisNode": 0, "comparisons": [] }
        """;

    public static string Problem(int status, string code, string title, string detail, int? line = null) => $$"""
        {
          "type": "https://modelmint.dev/problems/{{code}}",
          "title": "{{title}}",
          "status": {{status}},
          "detail": "{{detail}}",
          "code": "{{code}}"{{(line is null ? string.Empty : $", \"line\": {line}")}}
        }
        """;
}
