using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookLib.Analysis;

/// <summary>
/// The lanes of UMAP.Lanes.cs 16 to a register where the CPU has AVX-512: the same 32 points side by side, as 2 groups
/// of 16 instead of 4 of 8, so that each instruction moves twice the points (issue 22: the 8-lane steps took 20.2 s of
/// CPU at 200,000 points on this machine's AMD EPYC, these 11.0 s). The arithmetic is the 8-lane kernel's, operation for
/// operation (no fused multiply-adds), so the embedding is the scalar path's bit for bit (a test compares the three).
/// .NET exposes no AVX-512 gather: each 16-lane load from the others' positions is two 8-lane gathers.
/// </summary>
public sealed partial class UMAP
{
    /// <summary>Whether the layout may take the 16-lane path (tests turn it off to compare it with the 8-lane one).</summary>
    internal bool WideLanes { get; init; } = true;

    static bool WideLanesSupported => Avx512F.IsSupported && Avx2.IsSupported;

    /// <summary><see cref="RunLanes"/> on 2 groups of 16 lanes.</summary>
    static unsafe void RunWideLanes(int[] ops, int[] from, int i0, int i1, float[] y, float[] others, float a, float b, float alpha, float pull)
    {
        Span<float> px = stackalloc float[LaneCount], py = stackalloc float[LaneCount];
        Span<int> state = stackalloc int[3 * LaneCount];
        var kernel = new WideKernel(a, b, alpha, pull);
        int next = i0;
        fixed (int* op = ops, fr = from)
        fixed (float* yp = y, op2 = others)
        fixed (float* xs = px, ys = py)
        fixed (int* st = state)
        {
            int* point = st, cursor = st + LaneCount, end = st + 2 * LaneCount;
            var refill = new Refill(fr, i0, i1, yp, xs, ys, point, cursor, end);
            int busy = refill.Start(ref next);
            var g0 = new WideGroup(xs, ys, cursor, end, 0);
            var g1 = new WideGroup(xs, ys, cursor, end, 16);
            while (busy > 0)
            {
                uint done = kernel.Step(ref g0, op, op2);
                if (done != 0) { g0.Save(xs, ys, cursor, end, 0); busy -= refill.Next(done, 0, ref next); g0 = new WideGroup(xs, ys, cursor, end, 0); }
                done = kernel.Step(ref g1, op, op2);
                if (done != 0) { g1.Save(xs, ys, cursor, end, 16); busy -= refill.Next(done, 16, ref next); g1 = new WideGroup(xs, ys, cursor, end, 16); }
            }
        }
    }

    struct WideGroup
    {
        public Vector512<float> X, Y;
        public Vector512<int> Cursor, End;

        public unsafe WideGroup(float* xs, float* ys, int* cursor, int* end, int first)
        {
            X = Vector512.Load(xs + first); Y = Vector512.Load(ys + first);
            Cursor = Vector512.Load(cursor + first); End = Vector512.Load(end + first);
        }

        public readonly unsafe void Save(float* xs, float* ys, int* cursor, int* end, int first)
        {
            X.Store(xs + first); Y.Store(ys + first); Cursor.Store(cursor + first); End.Store(end + first);
        }
    }

    readonly struct WideKernel(float a, float b, float alpha, float pull)
    {
        readonly Vector512<float> a = Vector512.Create(a), b = Vector512.Create(b), alpha = Vector512.Create(alpha), pull = Vector512.Create(pull);
        readonly Vector512<float> attract = Vector512.Create(-2 * a * b), repel = Vector512.Create(2 * b);

        /// <summary><see cref="LaneKernel.Step"/> on 16 lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public unsafe uint Step(ref WideGroup g, int* ops, float* others)
        {
            var live = Vector512.LessThan(g.Cursor, g.End);
            var op = Vector512.Create(
                Avx2.GatherMaskVector256(Vector256<int>.Zero, ops, g.Cursor.GetLower(), live.GetLower(), 4),
                Avx2.GatherMaskVector256(Vector256<int>.Zero, ops, g.Cursor.GetUpper(), live.GetUpper(), 4));
            var at = (op & Vector512.Create(OpIndex)) << 1;
            var x = g.X; var y = g.Y;
            var dx = x - Gather(others, at);
            var dy = y - Gather(others + 1, at);
            var d2 = dx * dx + dy * dy;
            var pd = Pow(d2, b);
            var q = a * pd + Vector512<float>.One;
            var isAttract = Vector512.Equals(op & Vector512.Create(OpAttract), Vector512.Create(OpAttract)).AsSingle();
            var num = Vector512.ConditionalSelect(isAttract, attract * (pd / d2), repel);
            var den = Vector512.ConditionalSelect(isAttract, q, (Vector512.Create(0.001f) + d2) * q);
            var coeff = num / den;
            var positive = Vector512.GreaterThan(d2, Vector512<float>.Zero);
            var sx = Clip(coeff * dx);
            var sy = Clip(coeff * dy);
            // a negative sample at distance 0 (or one whose push underflows) moves by the clip bound
            var repelled = positive & Vector512.GreaterThan(coeff, Vector512<float>.Zero);
            var four = Vector512.Create(4f);
            sx = Vector512.ConditionalSelect(isAttract, pull * sx, Vector512.ConditionalSelect(repelled, sx, four));
            sy = Vector512.ConditionalSelect(isAttract, pull * sy, Vector512.ConditionalSelect(repelled, sy, four));
            var move = live.AsSingle() & (~isAttract | positive);
            g.X = Vector512.ConditionalSelect(move, x + sx * alpha, x);
            g.Y = Vector512.ConditionalSelect(move, y + sy * alpha, y);
            g.Cursor -= live; // all-ones is −1
            return (uint)(Vector512.Equals(g.Cursor, g.End) & live).ExtractMostSignificantBits();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static unsafe Vector512<float> Gather(float* at, Vector512<int> index) =>
            Vector512.Create(Avx2.GatherVector256(at, index.GetLower(), 4), Avx2.GatherVector256(at, index.GetUpper(), 4));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<float> Clip(Vector512<float> v) => Avx512F.Min(Avx512F.Max(v, Vector512.Create(-4f)), Vector512.Create(4f));

        /// <summary><see cref="FastPow"/> on 16 lanes, the same operations in the same order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<float> Pow(Vector512<float> x, Vector512<float> p)
        {
            var bits = x.AsInt32();
            var e = ((bits >>> 23) & Vector512.Create(255)) - Vector512.Create(127);
            var m = ((bits & Vector512.Create(0x7FFFFF)) | Vector512.Create(0x3F800000)).AsSingle();
            var big = Vector512.GreaterThan(m, Vector512.Create(1.41421356f));
            m = Vector512.ConditionalSelect(big, m * Vector512.Create(0.5f), m);
            e -= big.AsInt32(); // all-ones is −1
            var one = Vector512<float>.One;
            var t = (m - one) / (m + one);
            var t2 = t * t;
            var log2 = Avx512F.ConvertToVector512Single(e) + t * (Vector512.Create(2.88539008f) + t2 * (Vector512.Create(0.961796694f)
                + t2 * (Vector512.Create(0.577078016f) + t2 * Vector512.Create(0.412198583f))));
            var yv = p * log2;
            yv = Avx512F.Min(Avx512F.Max(yv, Vector512.Create(-126f)), Vector512.Create(126f));
            var k = Avx512F.RoundScale(yv, 0); // to nearest, ties to even, as MathF.Round
            var f = (yv - k) * Vector512.Create(0.693147181f);
            var ef = one + f * (one + f * (Vector512.Create(0.5f) + f * (Vector512.Create(0.166666667f) + f * (Vector512.Create(0.0416666667f)
                + f * (Vector512.Create(0.00833333333f) + f * Vector512.Create(0.00138888889f))))));
            return ef * ((Avx512F.ConvertToVector512Int32(k) + Vector512.Create(127)) << 23).AsSingle();
        }
    }
}
