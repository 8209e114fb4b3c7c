using System.Globalization;
using NotebookLib.Configuration;
using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

/// <summary>
/// Makes NISP-like slew darks (notebook 01's data): a dark with the filter wheel CLOSED right after a
/// slew, where the bright sources of the previous grism exposure persist as decaying spectra, zeroth
/// orders and blobs, with slew trails, on top of read noise, per-channel offsets, hot and dead pixels
/// and cosmic rays. Pure function of (options, seed): the same pixels on every machine and thread count.
/// </summary>
public static class NispSlewDarkGenerator
{
    /// <summary>The calibration block's grism/tilt configurations (RGS000 and RGS180 at tilts 0, +4, −4).</summary>
    public static IReadOnlyList<(NispGrism Grism, int Tilt)> CalblockConfigurations { get; } =
        [(NispGrism.RGS000, 0), (NispGrism.RGS000, 4), (NispGrism.RGS000, -4),
         (NispGrism.RGS180, 0), (NispGrism.RGS180, 4), (NispGrism.RGS180, -4)];

    /// <summary>Dispersion direction in degrees from +x (columns) before tilt.</summary>
    public static double DispersionAngle(NispGrism grism, int tilt) => grism switch
    {
        NispGrism.RGS000 or NispGrism.BGS000 => 90,
        NispGrism.RGS180 => 270,
        NispGrism.RGS270 => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(grism), grism, "unknown grism"),
    } + tilt;

    public static NispSlewDark Generate(NispSlewDarkOptions? options = null, int? seed = null)
    {
        var o = options ?? new NispSlewDarkOptions();
        o.Validate();
        var s = Seeds.Resolve(seed);
        int n = o.Size, b = o.ReferenceBorder;
        var scale = n / 2048.0;
        var rng = Rng.ForStream(s, 0);

        var persistence = new float[n * n];
        var kinds = new byte[n * n];
        var features = RenderPersistence(o, rng, persistence, kinds, scale);
        var crSignal = new float[n * n];
        var crMask = new bool[n * n];
        RenderCosmicRays(o, rng, crSignal, crMask);

        var hot = new bool[n * n];
        var hotLevel = new float[n * n];
        var dead = new bool[n * n];
        var active = (double)(n - 2 * b) * (n - 2 * b);
        for (int k = rng.Poisson(o.HotPixelFraction * active); k > 0; k--)
        {
            var i = rng.NextInt(b, n - b) * n + rng.NextInt(b, n - b);
            hot[i] = true;
            hotLevel[i] = (float)(300 * Math.Pow(200, rng.NextDouble())); // 300 .. 60000 ADU, log-uniform
        }
        for (int k = rng.Poisson(o.DeadPixelFraction * active); k > 0; k--)
        {
            var i = rng.NextInt(b, n - b) * n + rng.NextInt(b, n - b);
            if (!hot[i]) dead[i] = true;
        }
        // H2RG: 32 output channels of equal width, each with its own offset that the reference pixels track.
        var channels = 32;
        var channelOffset = new double[channels];
        for (var c = 0; c < channels; c++) channelOffset[c] = rng.Gaussian(0, 3);
        var channelWidth = Math.Max(1, n / channels);

        var data = new float[n * n];
        var dq = new int[n * n];
        var refMask = new bool[n * n];
        var pMask = new bool[n * n];
        const double gain = 2.0; // e-/ADU, for shot noise
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads }, y =>
        {
            var r = Rng.ForStream(s, 1 + y);
            var z = new float[n];
            r.FillGaussian(z);
            var refRow = y < b || y >= n - b;
            for (var x = 0; x < n; x++)
            {
                var i = y * n + x;
                var offset = channelOffset[Math.Min(channels - 1, x / channelWidth)];
                if (refRow || x < b || x >= n - b)
                {
                    refMask[i] = true;
                    dq[i] = NispDq.Reference;
                    data[i] = MathF.Round((float)(offset + o.ReadNoise * z[x]));
                    continue;
                }
                pMask[i] = persistence[i] > o.PersistenceMaskThreshold;
                if (dead[i]) { data[i] = 0; dq[i] = NispDq.Dead; continue; }
                var signal = o.DarkSignal + persistence[i] + crSignal[i] + hotLevel[i];
                var sigma = Math.Sqrt(o.ReadNoise * o.ReadNoise + Math.Max(signal, 0) / gain);
                var v = Math.Round(offset + signal + sigma * z[x]);
                if (v >= o.Saturation) { v = o.Saturation; dq[i] |= NispDq.Saturated; }
                if (hot[i]) dq[i] |= NispDq.Hot;
                data[i] = (float)v;
            }
        });

        return new NispSlewDark
        {
            Size = n,
            Data = new Image(n, n, data),
            DataQuality = dq,
            PersistenceSignal = new Image(n, n, persistence),
            PersistenceMask = new Mask(n, n, pMask),
            PersistenceKinds = kinds,
            CosmicRayMask = new Mask(n, n, crMask),
            HotPixelMask = new Mask(n, n, hot),
            DeadPixelMask = new Mask(n, n, dead),
            ReferencePixelMask = new Mask(n, n, refMask),
            Features = features,
            Header = MakeHeader(o, s),
            Options = o,
            Seed = s,
        };
    }

    /// <summary>A calibration block's sequence of darks: frame i uses configuration i mod 6 of
    /// <see cref="CalblockConfigurations"/>, observed over 2025-01-10 to 2025-01-13, each from its own
    /// seed stream so that frames can be regenerated one at a time.</summary>
    public static IEnumerable<NispSlewDark> Sequence(int count, NispSlewDarkOptions? options = null, int? seed = null)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be ≥ 0");
        var o = options ?? new NispSlewDarkOptions();
        var s = Seeds.Resolve(seed);
        var start = new DateTime(2025, 1, 10, 0, 0, 0, DateTimeKind.Utc);
        var span = TimeSpan.FromDays(4) - TimeSpan.FromMinutes(1);
        for (var i = 0; i < count; i++)
        {
            var (grism, tilt) = CalblockConfigurations[i % CalblockConfigurations.Count];
            var date = start + (count == 1 ? TimeSpan.Zero : span * ((double)i / (count - 1)));
            var frameSeed = unchecked((int)(uint)(Rng.ForStream(s, 1_000_000 + i).NextUInt64() >> 33));
            yield return Generate(o with { Grism = grism, Tilt = tilt, DateObs = date, ObservationId = o.ObservationId + i }, frameSeed);
        }
    }

    static List<PersistenceFeature> RenderPersistence(NispSlewDarkOptions o, Rng rng, float[] image, byte[] kinds, double scale)
    {
        int n = o.Size, b = o.ReferenceBorder;
        var decay = Math.Exp(-o.SecondsSinceSlew / o.DecayTime);
        var features = new List<PersistenceFeature>();
        var theta = DispersionAngle(o.Grism, o.Tilt) * Math.PI / 180;
        double dx = Math.Cos(theta), dy = Math.Sin(theta);
        var sources = Math.Max(1, (int)Math.Round(o.PersistentSources * scale * scale));
        for (var k = 0; k < sources; k++)
        {
            double x = rng.Uniform(b, n - b), y = rng.Uniform(b, n - b);
            if (rng.Bernoulli(0.25))
            {
                var sigma = rng.Uniform(1.5, 4.0);
                var amp = decay * 100 * Math.Pow(20, rng.NextDouble());
                features.Add(new(PersistenceKind.Blob, x, y, x, y, sigma, amp));
                continue;
            }
            // A first-order spectrum: ~480 px long on the full detector, flux rising then fading along it.
            var length = Math.Max(8, rng.Uniform(0.6, 1.0) * 480 * scale);
            var width = rng.Uniform(1.0, 1.8);
            var a = decay * 20 * Math.Pow(25, rng.NextDouble());
            features.Add(new(PersistenceKind.Spectrum, x, y, x + length * dx, y + length * dy, width, a));
            if (rng.Bernoulli(0.7))
            {
                // The zeroth order lies on the dispersion axis, behind the start of the first order.
                var d = 0.3 * length;
                features.Add(new(PersistenceKind.ZerothOrder, x - d * dx, y - d * dy, x - d * dx, y - d * dy,
                                 rng.Uniform(1.2, 2.2), 0.4 * a));
            }
        }
        // The slew itself: every trail shares the slew direction; brightest where the slew stopped.
        var phi = rng.Uniform(0, 2 * Math.PI);
        for (int k = rng.Poisson(2 * scale + 0.5); k > 0; k--)
        {
            double x1 = rng.Uniform(b, n - b), y1 = rng.Uniform(b, n - b);
            var length = rng.Uniform(0.3, 0.9) * n;
            features.Add(new(PersistenceKind.SlewTrail, x1 - length * Math.Cos(phi), y1 - length * Math.Sin(phi), x1, y1,
                             0.8, decay * rng.Uniform(15, 60)));
        }
        var strongest = new float[n * n];
        foreach (var f in features) Render(f, image, strongest, kinds, n, b);
        return features;
    }

    /// <summary>Adds a feature's noiseless signal to the light-sensitive pixels inside its bounding box, and
    /// records its kind (+1) where it is the strongest feature so far.</summary>
    static void Render(PersistenceFeature f, float[] image, float[] strongest, byte[] kinds, int n, int border)
    {
        var reach = 4 * f.Width;
        int x0 = Math.Max(border, (int)Math.Floor(Math.Min(f.X0, f.X1) - reach)), x1 = Math.Min(n - border - 1, (int)Math.Ceiling(Math.Max(f.X0, f.X1) + reach));
        int y0 = Math.Max(border, (int)Math.Floor(Math.Min(f.Y0, f.Y1) - reach)), y1 = Math.Min(n - border - 1, (int)Math.Ceiling(Math.Max(f.Y0, f.Y1) + reach));
        double ax = f.X1 - f.X0, ay = f.Y1 - f.Y0, len2 = ax * ax + ay * ay;
        var inv2s2 = 1 / (2 * f.Width * f.Width);
        for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
            {
                double px = x - f.X0, py = y - f.Y0;
                var t = len2 > 0 ? Math.Clamp((px * ax + py * ay) / len2, 0, 1) : 0;
                double ex = px - t * ax, ey = py - t * ay;
                var across = Math.Exp(-(ex * ex + ey * ey) * inv2s2);
                if (across < 1e-4) continue;
                var along = f.Kind switch
                {
                    PersistenceKind.Spectrum => Math.Sqrt(Math.Sin(Math.PI * (0.05 + 0.9 * t))) * (1 - 0.5 * t),
                    PersistenceKind.SlewTrail => Math.Exp(-3 * (1 - t)),
                    _ => 1.0,
                };
                var v = (float)(f.Amplitude * along * across);
                image[y * n + x] += v;
                if (v > strongest[y * n + x]) (strongest[y * n + x], kinds[y * n + x]) = (v, (byte)(1 + (int)f.Kind));
            }
    }

    static void RenderCosmicRays(NispSlewDarkOptions o, Rng rng, float[] signal, bool[] mask)
    {
        int n = o.Size, b = o.ReferenceBorder;
        var hits = rng.Poisson(o.CosmicRayRate * (n - 2 * b) * (double)(n - 2 * b));
        for (var k = 0; k < hits; k++)
        {
            double x = rng.Uniform(b, n - b), y = rng.Uniform(b, n - b);
            var length = rng.Exponential(2.5);
            var angle = rng.Uniform(0, 2 * Math.PI);
            var energy = 200 * Math.Pow(25, rng.NextDouble());
            var steps = Math.Max(1, (int)Math.Ceiling(length * 2));
            for (var j = 0; j < steps; j++)
            {
                var t = steps == 1 ? 0 : length * j / (steps - 1);
                int px = (int)(x + t * Math.Cos(angle)), py = (int)(y + t * Math.Sin(angle));
                if (px < b || px >= n - b || py < b || py >= n - b) continue;
                var i = py * n + px;
                signal[i] += (float)(energy / steps);
                mask[i] = true;
            }
        }
    }

    static FitsHeader MakeHeader(NispSlewDarkOptions o, int seed)
    {
        var inv = CultureInfo.InvariantCulture;
        var mjd = (o.DateObs - new DateTime(1858, 11, 17, 0, 0, 0, DateTimeKind.Utc)).TotalDays;
        return
        [
            new("TELESCOP", "EUCLID", "telescope"),
            new("INSTRUME", "NISP", "instrument"),
            new("ORIGIN", "NotebookLib synthetic", "NISP-like simulation, not mission data"),
            new("PRODTYPE", "DpdNispRawFrame", "data product type"),
            new("CALBLOCK", "CALBLOCK-F-006", "calibration block"),
            new("OBS_ID", o.ObservationId, "observation identifier"),
            new("PTGID", 100000 + o.ObservationId, "pointing identifier"),
            new("DATE-OBS", o.DateObs.ToString("yyyy-MM-ddTHH:mm:ss.fff", inv), "start of exposure (UTC)"),
            new("MJD-OBS", Math.Round(mjd, 8), "modified Julian date of DATE-OBS"),
            new("EXPTIME", o.ExposureTime, "[s] exposure time"),
            new("FWA_POS", "CLOSED", "filter wheel position"),
            new("GWA_POS", o.Grism.ToString(), "grism wheel position"),
            new("GWA_TILT", o.Tilt, "[deg] grism tilt"),
            new("READMODE", $"MACC({o.Groups},{o.FramesPerGroup},{o.DropFrames})", "multiple accumulated read mode"),
            new("NGROUP", o.Groups, "groups in the ramp"),
            new("NFRAME", o.FramesPerGroup, "frames per group"),
            new("NDROP", o.DropFrames, "dropped frames between groups"),
            new("DETECTOR", o.Detector, "NISP detector number"),
            new("DET_ID", $"DET{o.Detector}", "detector identifier"),
            new("GAIN", 2.0, "[e-/ADU] conversion gain"),
            new("RDNOISE", o.ReadNoise, "[ADU] read noise"),
            new("SATURATE", o.Saturation, "[ADU] saturation level"),
            new("REFBORD", o.ReferenceBorder, "[px] reference-pixel border width"),
            new("SLEWTIME", o.SecondsSinceSlew, "[s] since the end of the previous slew"),
            new("BUNIT", "ADU", "pixel unit"),
            new("SYNSEED", seed, "generator seed"),
        ];
    }
}
