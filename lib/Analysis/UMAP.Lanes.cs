using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookLib.Analysis;

/// <summary>
/// The two-dimensional layout epoch run on many points at once. A point's epoch is a chain of
/// dependent updates (each sampled edge and negative sample moves the point the next one starts
/// from), so one point at a time waits on the latency of every power, division and load. Points are
/// independent within an epoch, so this path first writes each point's updates for the epoch (the
/// same edges, schedule and negative samples, drawn in the same order as <see cref="MovePoint2"/>),
/// then steps 32 points through them side by side: 4 groups of 8 SIMD lanes, a lane taking the next
/// point of the block when its own is done. Every lane does the scalar path's arithmetic in the same
/// order with no fused multiply-adds, so the embedding is the same bit for bit (a test compares them).
/// </summary>
public sealed partial class UMAP
{
    // an update: the low 30 bits index the other point; bit 30 marks a sampled edge (else a negative sample)
    const int OpIndex = 0x3FFF_FFFF, OpAttract = 0x4000_0000;
    const int LaneCount = 32; // 4 groups of 8

    /// <summary>Whether the layout may take the SIMD path (tests turn it off to compare the two).</summary>
    internal bool Lanes { get; init; } = true;

    static bool LanesSupported => Avx2.IsSupported;

    /// <summary>Writes the updates of points i0..i1 for epoch <paramref name="ep"/> one point after
    /// another into <paramref name="ops"/> (point i's from <paramref name="from"/>[i − i0]), advancing
    /// the edge schedules exactly as the scalar path does.</summary>
    static void ScheduleLanes(int i0, int i1, int[] rowStart, int[] tails, double[] nextSample, double[] perSample,
        double[] nextNeg, double negRate, int ep, bool moveOther, int nRef, ulong seed, ref int[] ops, int[] from)
    {
        int s = 0;
        for (int i = i0; i < i1; i++)
        {
            from[i - i0] = s;
            int e0 = rowStart[i], e1 = rowStart[i + 1];
            if (e0 == e1) continue;
            var rng = new NegativeSampler(seed, ep, i);
            for (int e = e0; e < e1; e++)
            {
                if (nextSample[e] > ep) continue;
                double perNeg = perSample[e] / negRate;
                int negatives = (int)((ep - nextNeg[e]) / perNeg);
                if (s + negatives + 1 > ops.Length) Array.Resize(ref ops, Math.Max(2 * ops.Length, s + negatives + 1));
                ops[s++] = OpAttract | tails[e];
                nextSample[e] += perSample[e];
                for (int q = 0; q < negatives; q++)
                {
                    int t = rng.Next(nRef);
                    ops[s] = t;
                    s += moveOther && t == i ? 0 : 1;
                }
                nextNeg[e] += negatives * perNeg;
            }
        }
        from[i1 - i0] = s;
    }

    /// <summary>Runs the updates from <see cref="ScheduleLanes"/> on 32 lanes: each lane takes the next
    /// point with updates left when its point is done, moves it by the scalar path's rules against
    /// <paramref name="others"/>, and writes it back to <paramref name="y"/>.</summary>
    static unsafe void RunLanes(int[] ops, int[] from, int i0, int i1, float[] y, float[] others, float a, float b, float alpha, float pull)
    {
        Span<float> px = stackalloc float[LaneCount], py = stackalloc float[LaneCount];
        Span<int> state = stackalloc int[3 * LaneCount];
        var kernel = new LaneKernel(a, b, alpha, pull);
        int next = i0;
        fixed (int* op = ops, fr = from)
        fixed (float* yp = y, op2 = others)
        fixed (float* xs = px, ys = py)
        fixed (int* st = state)
        {
            int* point = st, cursor = st + LaneCount, end = st + 2 * LaneCount;
            var refill = new Refill(fr, i0, i1, yp, xs, ys, point, cursor, end);
            int busy = refill.Start(ref next);
            var g0 = new LaneGroup(xs, ys, cursor, end, 0);
            var g1 = new LaneGroup(xs, ys, cursor, end, 8);
            var g2 = new LaneGroup(xs, ys, cursor, end, 16);
            var g3 = new LaneGroup(xs, ys, cursor, end, 24);
            while (busy > 0)
            {
                uint done = kernel.Step(ref g0, op, op2);
                if (done != 0) { g0.Save(xs, ys, cursor, end, 0); busy -= refill.Next(done, 0, ref next); g0 = new LaneGroup(xs, ys, cursor, end, 0); }
                done = kernel.Step(ref g1, op, op2);
                if (done != 0) { g1.Save(xs, ys, cursor, end, 8); busy -= refill.Next(done, 8, ref next); g1 = new LaneGroup(xs, ys, cursor, end, 8); }
                done = kernel.Step(ref g2, op, op2);
                if (done != 0) { g2.Save(xs, ys, cursor, end, 16); busy -= refill.Next(done, 16, ref next); g2 = new LaneGroup(xs, ys, cursor, end, 16); }
                done = kernel.Step(ref g3, op, op2);
                if (done != 0) { g3.Save(xs, ys, cursor, end, 24); busy -= refill.Next(done, 24, ref next); g3 = new LaneGroup(xs, ys, cursor, end, 24); }
            }
        }
    }

    /// <summary>The lanes' points, cursors and positions while they are spilled to memory.</summary>
    readonly unsafe struct Refill(int* from, int i0, int i1, float* emb, float* xs, float* ys, int* point, int* cursor, int* end)
    {
        /// <summary>Writes back the points of the lanes in <paramref name="done"/> (bits from lane
        /// <paramref name="first"/> on) and gives each the next point with updates left; returns how
        /// many of them found none.</summary>
        public int Next(uint done, int first, ref int next)
        {
            int idle = 0;
            while (done != 0)
            {
                int l = first + System.Numerics.BitOperations.TrailingZeroCount(done);
                done &= done - 1;
                emb[2 * point[l]] = xs[l]; emb[2 * point[l] + 1] = ys[l];
                idle += Take(l, ref next) ? 0 : 1;
            }
            return idle;
        }

        /// <summary>Gives every lane its first point; returns how many lanes have one.</summary>
        public int Start(ref int next)
        {
            int busy = 0;
            for (int l = 0; l < LaneCount; l++) busy += Take(l, ref next) ? 1 : 0;
            return busy;
        }

        /// <summary>Puts the next point with updates left on lane <paramref name="l"/>, or leaves the lane idle
        /// (no point, no updates) when the block has none left.</summary>
        bool Take(int l, ref int next)
        {
            while (next < i1 && from[next - i0] == from[next + 1 - i0]) next++;
            if (next < i1)
            {
                point[l] = next; cursor[l] = from[next - i0]; end[l] = from[next + 1 - i0];
                xs[l] = emb[2 * next]; ys[l] = emb[2 * next + 1]; next++;
                return true;
            }
            point[l] = -1; cursor[l] = end[l] = 0; xs[l] = ys[l] = 0;
            return false;
        }
    }

    struct LaneGroup
    {
        public Vector256<float> X, Y;
        public Vector256<int> Cursor, End;

        public unsafe LaneGroup(float* xs, float* ys, int* cursor, int* end, int first)
        {
            X = Vector256.Load(xs + first); Y = Vector256.Load(ys + first);
            Cursor = Vector256.Load(cursor + first); End = Vector256.Load(end + first);
        }

        public readonly unsafe void Save(float* xs, float* ys, int* cursor, int* end, int first)
        {
            X.Store(xs + first); Y.Store(ys + first); Cursor.Store(cursor + first); End.Store(end + first);
        }
    }

    readonly struct LaneKernel(float a, float b, float alpha, float pull)
    {
        readonly Vector256<float> a = Vector256.Create(a), b = Vector256.Create(b), alpha = Vector256.Create(alpha), pull = Vector256.Create(pull);
        readonly Vector256<float> attract = Vector256.Create(-2 * a * b), repel = Vector256.Create(2 * b);

        /// <summary>One update on each lane of <paramref name="g"/> that has one left; returns the
        /// lanes (bit per lane) whose point is now done.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public unsafe uint Step(ref LaneGroup g, int* ops, float* others)
        {
            var live = Vector256.LessThan(g.Cursor, g.End);
            var op = Avx2.GatherMaskVector256(Vector256<int>.Zero, ops, g.Cursor, live, 4);
            var at = (op & Vector256.Create(OpIndex)) << 1;
            var x = g.X; var y = g.Y;
            var dx = x - Avx2.GatherVector256(others, at, 4);
            var dy = y - Avx2.GatherVector256(others + 1, at, 4);
            var d2 = dx * dx + dy * dy;
            var pd = Pow(d2, b);
            var q = a * pd + Vector256<float>.One;
            var isAttract = Vector256.Equals(op & Vector256.Create(OpAttract), Vector256.Create(OpAttract)).AsSingle();
            var num = Vector256.ConditionalSelect(isAttract, attract * (pd / d2), repel);
            var den = Vector256.ConditionalSelect(isAttract, q, (Vector256.Create(0.001f) + d2) * q);
            var coeff = num / den;
            var positive = Vector256.GreaterThan(d2, Vector256<float>.Zero);
            var sx = ClipV(coeff * dx);
            var sy = ClipV(coeff * dy);
            // a negative sample at distance 0 (or one whose push underflows) moves by the clip bound
            var repelled = positive & Vector256.GreaterThan(coeff, Vector256<float>.Zero);
            var four = Vector256.Create(4f);
            sx = Vector256.ConditionalSelect(isAttract, pull * sx, Vector256.ConditionalSelect(repelled, sx, four));
            sy = Vector256.ConditionalSelect(isAttract, pull * sy, Vector256.ConditionalSelect(repelled, sy, four));
            var move = live.AsSingle() & (~isAttract | positive);
            g.X = Vector256.ConditionalSelect(move, x + sx * alpha, x);
            g.Y = Vector256.ConditionalSelect(move, y + sy * alpha, y);
            g.Cursor -= live; // all-ones is −1
            return (Vector256.Equals(g.Cursor, g.End) & live).ExtractMostSignificantBits();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<float> ClipV(Vector256<float> v) => Avx.Min(Avx.Max(v, Vector256.Create(-4f)), Vector256.Create(4f));

        /// <summary><see cref="FastPow"/> on 8 lanes, the same operations in the same order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<float> Pow(Vector256<float> x, Vector256<float> p)
        {
            var bits = x.AsInt32();
            var e = ((bits >>> 23) & Vector256.Create(255)) - Vector256.Create(127);
            var m = ((bits & Vector256.Create(0x7FFFFF)) | Vector256.Create(0x3F800000)).AsSingle();
            var big = Vector256.GreaterThan(m, Vector256.Create(1.41421356f));
            m = Vector256.ConditionalSelect(big, m * Vector256.Create(0.5f), m);
            e -= big.AsInt32(); // all-ones is −1
            var one = Vector256<float>.One;
            var t = (m - one) / (m + one);
            var t2 = t * t;
            var log2 = Avx.ConvertToVector256Single(e) + t * (Vector256.Create(2.88539008f) + t2 * (Vector256.Create(0.961796694f)
                + t2 * (Vector256.Create(0.577078016f) + t2 * Vector256.Create(0.412198583f))));
            var yv = p * log2;
            yv = Avx.Min(Avx.Max(yv, Vector256.Create(-126f)), Vector256.Create(126f));
            var k = Avx.RoundToNearestInteger(yv);
            var f = (yv - k) * Vector256.Create(0.693147181f);
            var ef = one + f * (one + f * (Vector256.Create(0.5f) + f * (Vector256.Create(0.166666667f) + f * (Vector256.Create(0.0416666667f)
                + f * (Vector256.Create(0.00833333333f) + f * Vector256.Create(0.00138888889f))))));
            return ef * ((Avx.ConvertToVector256Int32(k) + Vector256.Create(127)) << 23).AsSingle();
        }
    }
}
