namespace ModelMint.ML.Training;

/// <summary>Fits a <see cref="ScoreCalibration"/> to held-out decision values by minimising log-loss.</summary>
internal static class ScoreCalibrator
{
    // Bounds on 1/T: beyond them the held-out data is too small or too clean to say anything useful.
    private const double MinScale = 0.01;
    private const double MaxScale = 100;

    /// <summary>
    /// Temperature scaling: one scale s = 1/T for all classes, found by Newton's method (the log-loss is convex in s).
    /// <paramref name="decisions"/> is row-major, <paramref name="classCount"/> values per row.
    /// </summary>
    public static ScoreCalibration FitTemperature(ReadOnlySpan<float> decisions, ReadOnlySpan<int> truth, int classCount)
    {
        var scale = 1.0;
        var loss = TemperatureLoss(decisions, truth, classCount, scale, out var gradient, out var curvature);
        for (var iteration = 0; iteration < 50 && Math.Abs(gradient) > 1e-9 * truth.Length; iteration++)
        {
            var step = curvature > 1e-12 ? -gradient / curvature : -Math.Sign(gradient) * scale;
            var next = Math.Clamp(scale + step, MinScale, MaxScale);
            double nextLoss, nextGradient, nextCurvature;
            while ((nextLoss = TemperatureLoss(decisions, truth, classCount, next, out nextGradient, out nextCurvature)) > loss && Math.Abs(next - scale) > 1e-9)
            {
                next = (scale + next) / 2;
            }

            if (nextLoss > loss || Math.Abs(next - scale) <= 1e-9 * scale)
            {
                break;
            }

            (scale, loss, gradient, curvature) = (next, nextLoss, nextGradient, nextCurvature);
        }

        return new ScoreCalibration("temperature", (float)(1 / scale), new float[classCount]);
    }

    /// <summary>
    /// Platt scaling of a two-class model, p₁ = σ(a·f + b) with f = d₁, by Newton's method with Platt's smoothed
    /// targets (Lin, Lin and Weng 2007). Falls back to temperature scaling if the fitted slope is not positive.
    /// </summary>
    public static ScoreCalibration FitPlatt(ReadOnlySpan<float> decisions, ReadOnlySpan<int> truth)
    {
        var n = truth.Length;
        var positives = 0;
        foreach (var t in truth)
        {
            positives += t;
        }

        var high = (positives + 1.0) / (positives + 2.0);
        var low = 1.0 / (n - positives + 2.0);
        var f = new double[n];
        var target = new double[n];
        for (var i = 0; i < n; i++)
        {
            f[i] = decisions[(2 * i) + 1];
            target[i] = truth[i] == 1 ? high : low;
        }

        double a = 1, b = 0;
        var loss = PlattLoss(f, target, a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double gA = 0, gB = 0, hAA = 1e-12, hAB = 0, hBB = 1e-12;
            for (var i = 0; i < n; i++)
            {
                var p = Sigmoid((a * f[i]) + b);
                var r = p - target[i];
                var v = p * (1 - p);
                gA += r * f[i];
                gB += r;
                hAA += v * f[i] * f[i];
                hAB += v * f[i];
                hBB += v;
            }

            if (Math.Abs(gA) < 1e-7 * n && Math.Abs(gB) < 1e-7 * n)
            {
                break;
            }

            var det = (hAA * hBB) - (hAB * hAB);
            var dA = -((hBB * gA) - (hAB * gB)) / det;
            var dB = -((hAA * gB) - (hAB * gA)) / det;
            var stepSize = 1.0;
            double nextLoss;
            while ((nextLoss = PlattLoss(f, target, a + (stepSize * dA), b + (stepSize * dB))) > loss + (1e-4 * stepSize * ((gA * dA) + (gB * dB))) && stepSize > 1e-10)
            {
                stepSize /= 2;
            }

            if (stepSize <= 1e-10)
            {
                break;
            }

            (a, b, loss) = (a + (stepSize * dA), b + (stepSize * dB), nextLoss);
        }

        if (!(a > 2 * MinScale) || !double.IsFinite(b))
        {
            return FitTemperature(decisions, truth, 2);
        }

        // d = (−f, f), so softmax(d / T + (0, b)) gives σ(2f / T + b): T = 2 / a.
        return new ScoreCalibration("platt", (float)(2 / Math.Min(a, 2 * MaxScale)), [0f, (float)b]);
    }

    /// <summary>Mean negative log-likelihood of the true classes under <paramref name="calibration"/>.</summary>
    public static double LogLoss(ReadOnlySpan<float> decisions, ReadOnlySpan<int> truth, int classCount, ScoreCalibration calibration)
    {
        var scores = new float[classCount];
        var total = 0.0;
        for (var i = 0; i < truth.Length; i++)
        {
            decisions.Slice(i * classCount, classCount).CopyTo(scores);
            calibration.ToProbabilities(scores);
            total -= Math.Log(Math.Max(scores[truth[i]], 1e-15));
        }

        return total / truth.Length;
    }

    private static double TemperatureLoss(ReadOnlySpan<float> decisions, ReadOnlySpan<int> truth, int classCount, double scale, out double gradient, out double curvature)
    {
        double loss = 0;
        gradient = 0;
        curvature = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            var row = decisions.Slice(i * classCount, classCount);
            var max = double.NegativeInfinity;
            foreach (var d in row)
            {
                max = Math.Max(max, scale * d);
            }

            double sum = 0, mean = 0, meanSquare = 0;
            foreach (var d in row)
            {
                var e = Math.Exp((scale * d) - max);
                sum += e;
                mean += e * d;
                meanSquare += e * d * d;
            }

            mean /= sum;
            meanSquare /= sum;
            loss += max + Math.Log(sum) - (scale * row[truth[i]]);
            gradient += mean - row[truth[i]];
            curvature += meanSquare - (mean * mean);
        }

        return loss;
    }

    private static double PlattLoss(double[] f, double[] target, double a, double b)
    {
        var loss = 0.0;
        for (var i = 0; i < f.Length; i++)
        {
            var z = (a * f[i]) + b;
            // −[t·log σ(z) + (1−t)·log(1−σ(z))], computed without overflow.
            loss += (z >= 0 ? Math.Log(1 + Math.Exp(-z)) + ((1 - target[i]) * z) : Math.Log(1 + Math.Exp(z)) - (target[i] * z));
        }

        return loss;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
