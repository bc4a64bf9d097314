using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelMint.ML.Training.Neural;

/// <summary>
/// The LSTM's three hot loops over a row-major [rows × width] matrix, in SIMD (<see cref="Vector{T}"/>). They beat a
/// <c>TensorPrimitives.Dot</c> or <c>MultiplyAdd</c> per row because they work on several rows or columns per pass:
/// each loaded vector feeds several accumulators and no partial result goes back to memory.
/// </summary>
/// <remarks>
/// Every sum runs in a fixed order that depends only on the sizes, so results are reproducible. The multi-vector
/// overloads give each vector bit-for-bit the one-vector result (no fused multiply-adds: the JIT does not contract
/// <c>a += w * x</c>), so a network scores an example the same in a training group as alone.
/// </remarks>
internal static class MatrixKernels
{
    /// <summary>y = b + M·x, where M is [y.Length × x.Length].</summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> x, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (rows, width) = (y.Length, x.Length);
        if (matrix.Length != rows * width || bias.Length != rows)
        {
            throw new ArgumentException("The matrix, vector and bias sizes do not match.");
        }

        var xv = MemoryMarshal.Cast<T, Vector<T>>(x);
        var tail = xv.Length * Vector<T>.Count;
        var r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            var m0 = matrix.Slice(r * width, width);
            var m1 = matrix.Slice((r + 1) * width, width);
            var m2 = matrix.Slice((r + 2) * width, width);
            var m3 = matrix.Slice((r + 3) * width, width);
            var v0 = Vectors(m0);
            var v1 = Vectors(m1);
            var v2 = Vectors(m2);
            var v3 = Vectors(m3);
            Vector<T> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var i = 0; i < xv.Length; i++)
            {
                var v = xv[i];
                a0 += v0[i] * v;
                a1 += v1[i] * v;
                a2 += v2[i] * v;
                a3 += v3[i] * v;
            }

            T s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
            for (var k = tail; k < width; k++)
            {
                s0 += m0[k] * x[k];
                s1 += m1[k] * x[k];
                s2 += m2[k] * x[k];
                s3 += m3[k] * x[k];
            }

            y[r] = bias[r] + s0;
            y[r + 1] = bias[r + 1] + s1;
            y[r + 2] = bias[r + 2] + s2;
            y[r + 3] = bias[r + 3] + s3;
        }

        for (; r < rows; r++)
        {
            var m = matrix.Slice(r * width, width);
            var vm = Vectors(m);
            Vector<T> a = default;
            for (var i = 0; i < xv.Length; i++)
            {
                a += vm[i] * xv[i];
            }

            var s = Vector.Sum(a);
            for (var k = tail; k < width; k++)
            {
                s += m[k] * x[k];
            }

            y[r] = bias[r] + s;
        }
    }

    /// <summary>
    /// y_g = b + M·x_g for <paramref name="count"/> vectors stored back to back, two at a time so that each loaded
    /// matrix vector serves both. Each y_g is bit-for-bit what <see cref="MultiplyAdd{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    /// gives for x_g alone.
    /// </summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> xs, ReadOnlySpan<T> bias, Span<T> ys, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = bias.Length;
        var width = count == 0 ? 0 : xs.Length / count;
        if (xs.Length != count * width || ys.Length != count * rows || matrix.Length != rows * width)
        {
            throw new ArgumentException("The matrix, vector and bias sizes do not match.");
        }

        var g = 0;
        for (; g + 2 <= count; g += 2)
        {
            var x0 = xs.Slice(g * width, width);
            var x1 = xs.Slice((g + 1) * width, width);
            var y0 = ys.Slice(g * rows, rows);
            var y1 = ys.Slice((g + 1) * rows, rows);
            var xv0 = Vectors(x0);
            var xv1 = Vectors(x1);
            var tail = xv0.Length * Vector<T>.Count;
            var r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                var m0 = matrix.Slice(r * width, width);
                var m1 = matrix.Slice((r + 1) * width, width);
                var m2 = matrix.Slice((r + 2) * width, width);
                var m3 = matrix.Slice((r + 3) * width, width);
                var v0 = Vectors(m0);
                var v1 = Vectors(m1);
                var v2 = Vectors(m2);
                var v3 = Vectors(m3);
                Vector<T> a00 = default, a10 = default, a20 = default, a30 = default;
                Vector<T> a01 = default, a11 = default, a21 = default, a31 = default;
                for (var i = 0; i < xv0.Length; i++)
                {
                    var (p, q) = (xv0[i], xv1[i]);
                    var w = v0[i];
                    a00 += w * p;
                    a01 += w * q;
                    w = v1[i];
                    a10 += w * p;
                    a11 += w * q;
                    w = v2[i];
                    a20 += w * p;
                    a21 += w * q;
                    w = v3[i];
                    a30 += w * p;
                    a31 += w * q;
                }

                T s00 = Vector.Sum(a00), s10 = Vector.Sum(a10), s20 = Vector.Sum(a20), s30 = Vector.Sum(a30);
                T s01 = Vector.Sum(a01), s11 = Vector.Sum(a11), s21 = Vector.Sum(a21), s31 = Vector.Sum(a31);
                for (var k = tail; k < width; k++)
                {
                    s00 += m0[k] * x0[k];
                    s10 += m1[k] * x0[k];
                    s20 += m2[k] * x0[k];
                    s30 += m3[k] * x0[k];
                    s01 += m0[k] * x1[k];
                    s11 += m1[k] * x1[k];
                    s21 += m2[k] * x1[k];
                    s31 += m3[k] * x1[k];
                }

                (y0[r], y0[r + 1], y0[r + 2], y0[r + 3]) = (bias[r] + s00, bias[r + 1] + s10, bias[r + 2] + s20, bias[r + 3] + s30);
                (y1[r], y1[r + 1], y1[r + 2], y1[r + 3]) = (bias[r] + s01, bias[r + 1] + s11, bias[r + 2] + s21, bias[r + 3] + s31);
            }

            for (; r < rows; r++)
            {
                var m = matrix.Slice(r * width, width);
                var vm = Vectors(m);
                Vector<T> a0 = default, a1 = default;
                for (var i = 0; i < xv0.Length; i++)
                {
                    a0 += vm[i] * xv0[i];
                    a1 += vm[i] * xv1[i];
                }

                T s0 = Vector.Sum(a0), s1 = Vector.Sum(a1);
                for (var k = tail; k < width; k++)
                {
                    s0 += m[k] * x0[k];
                    s1 += m[k] * x1[k];
                }

                (y0[r], y1[r]) = (bias[r] + s0, bias[r] + s1);
            }
        }

        if (g < count)
        {
            MultiplyAdd(matrix, xs.Slice(g * width, width), bias, ys.Slice(g * rows, rows));
        }
    }

    /// <summary>x = Mᵀ·d, where M is [d.Length × x.Length]: four column vectors at a time, summed over every row.</summary>
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> d, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (rows, width) = (d.Length, x.Length);
        if (matrix.Length != rows * width)
        {
            throw new ArgumentException("The matrix and vector sizes do not match.");
        }

        var count = Vector<T>.Count;
        var c = 0;
        for (; c + (4 * count) <= width; c += 4 * count)
        {
            Vector<T> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var r = 0; r < rows; r++)
            {
                var dr = new Vector<T>(d[r]);
                var v = Vectors(matrix.Slice((r * width) + c, 4 * count));
                a0 += v[0] * dr;
                a1 += v[1] * dr;
                a2 += v[2] * dr;
                a3 += v[3] * dr;
            }

            var xv = MemoryMarshal.Cast<T, Vector<T>>(x.Slice(c, 4 * count));
            (xv[0], xv[1], xv[2], xv[3]) = (a0, a1, a2, a3);
        }

        for (; c + count <= width; c += count)
        {
            Vector<T> a = default;
            for (var r = 0; r < rows; r++)
            {
                a += Vectors(matrix.Slice((r * width) + c, count))[0] * new Vector<T>(d[r]);
            }

            MemoryMarshal.Cast<T, Vector<T>>(x.Slice(c, count))[0] = a;
        }

        for (; c < width; c++)
        {
            var s = T.Zero;
            for (var r = 0; r < rows; r++)
            {
                s += matrix[(r * width) + c] * d[r];
            }

            x[c] = s;
        }
    }

    /// <summary>
    /// x_g = Mᵀ·d_g for <paramref name="count"/> vectors stored back to back, four at a time so that each loaded
    /// matrix vector serves all four. Each x_g is bit-for-bit what <see cref="MultiplyTransposed{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    /// gives: every column's sum runs over the rows in order, whichever block or lane it falls in.
    /// </summary>
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> ds, Span<T> xs, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = count == 0 ? 0 : ds.Length / count;
        var width = count == 0 ? 0 : xs.Length / count;
        if (ds.Length != count * rows || xs.Length != count * width || matrix.Length != rows * width)
        {
            throw new ArgumentException("The matrix and vector sizes do not match.");
        }

        var n = Vector<T>.Count;
        var g = 0;
        for (; g + 4 <= count; g += 4)
        {
            var d0 = ds.Slice(g * rows, rows);
            var d1 = ds.Slice((g + 1) * rows, rows);
            var d2 = ds.Slice((g + 2) * rows, rows);
            var d3 = ds.Slice((g + 3) * rows, rows);
            var x0 = xs.Slice(g * width, width);
            var x1 = xs.Slice((g + 1) * width, width);
            var x2 = xs.Slice((g + 2) * width, width);
            var x3 = xs.Slice((g + 3) * width, width);

            var c = 0;
            for (; c + (2 * n) <= width; c += 2 * n)
            {
                Vector<T> a0 = default, a1 = default, a2 = default, a3 = default;
                Vector<T> b0 = default, b1 = default, b2 = default, b3 = default;
                for (var r = 0; r < rows; r++)
                {
                    var w = Vectors(matrix.Slice((r * width) + c, 2 * n));
                    var (v, u) = (w[0], w[1]);
                    var e = new Vector<T>(d0[r]);
                    a0 += v * e;
                    b0 += u * e;
                    e = new Vector<T>(d1[r]);
                    a1 += v * e;
                    b1 += u * e;
                    e = new Vector<T>(d2[r]);
                    a2 += v * e;
                    b2 += u * e;
                    e = new Vector<T>(d3[r]);
                    a3 += v * e;
                    b3 += u * e;
                }

                Store(x0, c, a0);
                Store(x1, c, a1);
                Store(x2, c, a2);
                Store(x3, c, a3);
                Store(x0, c + n, b0);
                Store(x1, c + n, b1);
                Store(x2, c + n, b2);
                Store(x3, c + n, b3);
            }

            for (; c + n <= width; c += n)
            {
                Vector<T> a0 = default, a1 = default, a2 = default, a3 = default;
                for (var r = 0; r < rows; r++)
                {
                    var w = Vectors(matrix.Slice((r * width) + c, n))[0];
                    a0 += w * new Vector<T>(d0[r]);
                    a1 += w * new Vector<T>(d1[r]);
                    a2 += w * new Vector<T>(d2[r]);
                    a3 += w * new Vector<T>(d3[r]);
                }

                Store(x0, c, a0);
                Store(x1, c, a1);
                Store(x2, c, a2);
                Store(x3, c, a3);
            }

            for (; c < width; c++)
            {
                T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
                for (var r = 0; r < rows; r++)
                {
                    var w = matrix[(r * width) + c];
                    s0 += w * d0[r];
                    s1 += w * d1[r];
                    s2 += w * d2[r];
                    s3 += w * d3[r];
                }

                (x0[c], x1[c], x2[c], x3[c]) = (s0, s1, s2, s3);
            }
        }

        for (; g < count; g++)
        {
            MultiplyTransposed(matrix, ds.Slice(g * rows, rows), xs.Slice(g * width, width));
        }
    }

    /// <summary>
    /// M += Σ_p d_p ⊗ x_p over <paramref name="steps"/> steps, where d is [steps × rows] and x is [steps × width]
    /// (row-major) and M is [rows × width]: each matrix vector is loaded once, gathers every step, and is stored once.
    /// </summary>
    public static void AddOuterProducts<T>(ReadOnlySpan<T> d, ReadOnlySpan<T> x, int steps, Span<T> matrix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (steps == 0)
        {
            return;
        }

        var (rows, width) = (d.Length / steps, x.Length / steps);
        if (d.Length != rows * steps || x.Length != width * steps || matrix.Length != rows * width)
        {
            throw new ArgumentException("The matrix and vector sizes do not match.");
        }

        var n = Vector<T>.Count;
        var r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            var m0 = matrix.Slice(r * width, width);
            var m1 = matrix.Slice((r + 1) * width, width);
            var m2 = matrix.Slice((r + 2) * width, width);
            var m3 = matrix.Slice((r + 3) * width, width);
            var c = 0;
            for (; c + (2 * n) <= width; c += 2 * n)
            {
                var v0 = MemoryMarshal.Cast<T, Vector<T>>(m0.Slice(c, 2 * n));
                var v1 = MemoryMarshal.Cast<T, Vector<T>>(m1.Slice(c, 2 * n));
                var v2 = MemoryMarshal.Cast<T, Vector<T>>(m2.Slice(c, 2 * n));
                var v3 = MemoryMarshal.Cast<T, Vector<T>>(m3.Slice(c, 2 * n));
                var (a0, b0, a1, b1, a2, b2, a3, b3) = (v0[0], v0[1], v1[0], v1[1], v2[0], v2[1], v3[0], v3[1]);
                for (var p = 0; p < steps; p++)
                {
                    var xv = Vectors(x.Slice((p * width) + c, 2 * n));
                    var (u, w) = (xv[0], xv[1]);
                    var dp = d.Slice((p * rows) + r, 4);
                    var e = new Vector<T>(dp[0]);
                    a0 += e * u;
                    b0 += e * w;
                    e = new Vector<T>(dp[1]);
                    a1 += e * u;
                    b1 += e * w;
                    e = new Vector<T>(dp[2]);
                    a2 += e * u;
                    b2 += e * w;
                    e = new Vector<T>(dp[3]);
                    a3 += e * u;
                    b3 += e * w;
                }

                (v0[0], v0[1], v1[0], v1[1], v2[0], v2[1], v3[0], v3[1]) = (a0, b0, a1, b1, a2, b2, a3, b3);
            }

            AddOuterProductColumns(d, x, steps, rows, width, r, c, m0);
            AddOuterProductColumns(d, x, steps, rows, width, r + 1, c, m1);
            AddOuterProductColumns(d, x, steps, rows, width, r + 2, c, m2);
            AddOuterProductColumns(d, x, steps, rows, width, r + 3, c, m3);
        }

        for (; r < rows; r++)
        {
            AddOuterProductColumns(d, x, steps, rows, width, r, 0, matrix.Slice(r * width, width));
        }
    }

    /// <summary>Columns <paramref name="from"/>.. of one row of <see cref="AddOuterProducts"/>: single vectors, then scalars.</summary>
    private static void AddOuterProductColumns<T>(ReadOnlySpan<T> d, ReadOnlySpan<T> x, int steps, int rows, int width, int r, int from, Span<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = Vector<T>.Count;
        var c = from;
        for (; c + n <= width; c += n)
        {
            var rv = MemoryMarshal.Cast<T, Vector<T>>(row.Slice(c, n));
            var a = rv[0];
            for (var p = 0; p < steps; p++)
            {
                a += new Vector<T>(d[(p * rows) + r]) * Vectors(x.Slice((p * width) + c, n))[0];
            }

            rv[0] = a;
        }

        for (; c < width; c++)
        {
            var s = row[c];
            for (var p = 0; p < steps; p++)
            {
                s += d[(p * rows) + r] * x[(p * width) + c];
            }

            row[c] = s;
        }
    }

    private static void Store<T>(Span<T> x, int offset, Vector<T> value)
        where T : unmanaged, IFloatingPointIeee754<T> => MemoryMarshal.Cast<T, Vector<T>>(x.Slice(offset, Vector<T>.Count))[0] = value;

    private static ReadOnlySpan<Vector<T>> Vectors<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> => MemoryMarshal.Cast<T, Vector<T>>(values);
}
