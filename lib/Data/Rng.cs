namespace NotebookLib.Data;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the same numbers on every platform and .NET version
/// (System.Random's algorithm is unspecified). A struct-free class with no allocation per draw;
/// <see cref="Fork"/> gives independent streams for rows or frames generated in parallel, so the
/// result does not depend on the number of threads.
/// </summary>
public sealed class Rng
{
    ulong s0, s1, s2, s3;
    double spareGaussian;
    bool hasSpare;

    public Rng(ulong seed)
    {
        var x = seed;
        s0 = SplitMix(ref x); s1 = SplitMix(ref x); s2 = SplitMix(ref x); s3 = SplitMix(ref x);
    }

    /// <summary>A generator in the given raw state (not all zero), for checks against the reference code.</summary>
    public static Rng FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0) throw new ArgumentException("xoshiro256** state must not be all zero");
        var r = new Rng(0UL);
        (r.s0, r.s1, r.s2, r.s3) = (s0, s1, s2, s3);
        return r;
    }

    public Rng(int seed) : this(unchecked((ulong)(long)seed)) { }

    /// <summary>A generator for sub-stream <paramref name="stream"/> of <paramref name="seed"/>:
    /// the pair is mixed so that neighbouring seeds and streams are unrelated.</summary>
    public static Rng ForStream(int seed, long stream)
    {
        var x = unchecked((ulong)(long)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xD1B54A32D192ED03UL);
        return new Rng(SplitMix(ref x) ^ (ulong)stream);
    }

    /// <summary>An independent generator derived from this one's next output and <paramref name="stream"/>.</summary>
    public Rng Fork(long stream)
    {
        var x = NextUInt64() ^ unchecked((ulong)stream * 0xD1B54A32D192ED03UL);
        return new Rng(SplitMix(ref x));
    }

    static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

    public ulong NextUInt64()
    {
        var result = Rotl(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = Rotl(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive");
        // Lemire's multiply-shift: unbiased enough for n far below 2^32 and branch-free.
        return (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);
    }

    /// <summary>Uniform integer in [lo, hi).</summary>
    public int NextInt(int lo, int hi) => lo + NextInt(hi - lo);

    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>Standard normal (Marsaglia polar method, the spare kept).</summary>
    public double Gaussian()
    {
        if (hasSpare) { hasSpare = false; return spareGaussian; }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var f = Math.Sqrt(-2 * Math.Log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    public double Gaussian(double mean, double sigma) => mean + sigma * Gaussian();

    public double Exponential(double mean) => -mean * Math.Log(1 - NextDouble());

    /// <summary>Poisson deviate: multiplication method for small means, normal approximation above 30.</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 30) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Gaussian()));
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = NextDouble();
        while (p > limit) { k++; p *= NextDouble(); }
        return k;
    }

    /// <summary>In-place Fisher–Yates shuffle.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Fills <paramref name="buffer"/> with N(mean, sigma²) deviates in single precision: the
    /// polar method on two 24-bit uniforms from each 64-bit draw, for image noise in bulk.</summary>
    public void FillGaussian(Span<float> buffer, float mean = 0, float sigma = 1)
    {
        const float scale = 2f / (1 << 24);
        var i = 0;
        while (i < buffer.Length)
        {
            var bits = NextUInt64();
            var u = (bits >> 40) * scale - 1f;
            var v = ((bits >> 8) & 0xFFFFFF) * scale - 1f;
            var s = u * u + v * v;
            if (s >= 1f || s == 0f) continue;
            var f = sigma * MathF.Sqrt(-2f * MathF.Log(s) / s);
            buffer[i++] = mean + u * f;
            if (i < buffer.Length) buffer[i++] = mean + v * f;
        }
    }
}
