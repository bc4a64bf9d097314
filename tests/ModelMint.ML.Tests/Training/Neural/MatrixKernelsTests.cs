using ModelMint.ML.Training.Neural;

namespace ModelMint.ML.Tests.Training.Neural;

/// <summary>The SIMD kernels against plain loops, on sizes that hit every path: 4-row and 4-vector blocks, single
/// vectors and scalar tails.</summary>
public class MatrixKernelsTests
{
    public static TheoryData<int, int> Sizes => new() { { 1, 1 }, { 3, 5 }, { 4, 8 }, { 5, 17 }, { 8, 32 }, { 9, 41 }, { 16, 64 }, { 13, 100 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MultiplyAdd_MatchesLoops(int rows, int width)
    {
        var (matrix, x, bias) = (Random(rows * width, 1), Random(width, 2), Random(rows, 3));
        var y = new double[rows];

        MatrixKernels.MultiplyAdd<double>(matrix, x, bias, y);

        for (var r = 0; r < rows; r++)
        {
            var expected = bias[r] + Enumerable.Range(0, width).Sum(k => matrix[(r * width) + k] * x[k]);
            Assert.Equal(expected, y[r], 12);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MultiplyTransposed_MatchesLoops(int rows, int width)
    {
        var (matrix, d) = (Random(rows * width, 4), Random(rows, 5));
        var x = new double[width];

        MatrixKernels.MultiplyTransposed<double>(matrix, d, x);

        for (var k = 0; k < width; k++)
        {
            Assert.Equal(Enumerable.Range(0, rows).Sum(r => matrix[(r * width) + k] * d[r]), x[k], 12);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void AddOuterProducts_MatchesLoops(int rows, int width)
    {
        const int steps = 3;
        var (d, x, matrix) = (Random(steps * rows, 6), Random(steps * width, 7), Random(rows * width, 8));
        var expected = (double[])matrix.Clone();
        for (var p = 0; p < steps; p++)
        {
            for (var r = 0; r < rows; r++)
            {
                for (var k = 0; k < width; k++)
                {
                    expected[(r * width) + k] += d[(p * rows) + r] * x[(p * width) + k];
                }
            }
        }

        MatrixKernels.AddOuterProducts<double>(d, x, steps, matrix);

        for (var i = 0; i < matrix.Length; i++)
        {
            Assert.Equal(expected[i], matrix[i], 12);
        }
    }

    [Theory]
    [InlineData(1, 8, 16)]
    [InlineData(2, 9, 41)]
    [InlineData(3, 12, 64)]
    [InlineData(5, 17, 100)]
    [InlineData(9, 64, 72)]
    public void ManyVectorKernels_GiveEachVectorItsOneVectorResultExactly(int count, int rows, int width)
    {
        var matrix = Single(Random(rows * width, 12));
        var (xs, ds, bias) = (Single(Random(count * width, 13)), Single(Random(count * rows, 14)), Single(Random(rows, 15)));
        var ys = new float[count * rows];
        var transposed = new float[count * width];

        MatrixKernels.MultiplyAdd<float>(matrix, xs, bias, ys, count);
        MatrixKernels.MultiplyTransposed<float>(matrix, ds, transposed, count);

        for (var g = 0; g < count; g++)
        {
            var y = new float[rows];
            var x = new float[width];
            MatrixKernels.MultiplyAdd<float>(matrix, xs.AsSpan(g * width, width), bias, y);
            MatrixKernels.MultiplyTransposed<float>(matrix, ds.AsSpan(g * rows, rows), x);
            Assert.Equal(y, ys.AsSpan(g * rows, rows).ToArray());
            Assert.Equal(x, transposed.AsSpan(g * width, width).ToArray());
        }
    }

    [Fact]
    public void MultiplyAdd_FloatAgreesWithDouble()
    {
        var (matrix, x, bias) = (Random(12 * 70, 9), Random(70, 10), Random(12, 11));
        var expected = new double[12];
        var actual = new float[12];

        MatrixKernels.MultiplyAdd<double>(matrix, x, bias, expected);
        MatrixKernels.MultiplyAdd<float>(Single(matrix), Single(x), Single(bias), actual);

        for (var r = 0; r < 12; r++)
        {
            Assert.Equal(expected[r], actual[r], 4);
        }
    }

    private static double[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5)];
    }

    private static float[] Single(double[] values) => [.. values.Select(v => (float)v)];
}
