using System.Globalization;
using NotebookLib.Configuration;
using NotebookLib.Fits;
using NotebookLib.Imaging;

namespace NotebookLib.Data;

public enum UvesArm { Blue, Red }
public enum UvesFrameType { Bias, Flat, Arc }
/// <summary>What is wrong with a frame (None for a good one).</summary>
public enum UvesDefect { None, Stripes, Saturation, MissingRows, WrongExposure, LampOff }

/// <summary>A UVES-like raw calibration frame: primary header keywords and one image extension per
/// CCD (blue: one, 3000×2148 unbinned or 3000×1074 binned 2× in x; red: two, 4096×2048 each, all
/// divided by the generator's Downscale), with its ground truth (arm, type, year, defect).</summary>
public sealed class UvesFrame
{
    public required UvesArm Arm { get; init; }
    public required UvesFrameType Type { get; init; }
    public required int Year { get; init; }
    public required UvesDefect Defect { get; init; }
    public required DateTime DateObs { get; init; }
    public required FitsHeader Header { get; init; }
    public required IReadOnlyList<ImageExtension> Extensions { get; init; }
    public bool IsBad => Defect != UvesDefect.None;
    /// <summary>"BIAS", "FLAT" or "LAMP,WAVE": the ESO DPR TYPE, as notebooks group by it.</summary>
    public string ImageType => Header.GetString("ESO DPR TYPE");
    public override string ToString() => $"UVES {Arm} {ImageType} {DateObs:yyyy-MM-dd} {(IsBad ? Defect.ToString() : "good")}, {Extensions.Count} extension(s) {string.Join(", ", Extensions.Select(e => $"{e.Image.Height}×{e.Image.Width}"))}";
}

public sealed record UvesCalibrationOptions
{
    /// <summary>Each CCD's full size divided by this (1 gives 4096×2048 red, 3000×2148 blue).</summary>
    public int Downscale { get; init; } = 16;
    public int FirstYear { get; init; } = 2016;
    public int Years { get; init; } = 5;
    /// <summary>Frames per (arm, type, year).</summary>
    public int FramesPerYear { get; init; } = 8;
    /// <summary>Fraction of frames given a defect.</summary>
    public double BadFraction { get; init; } = 0.1;
    /// <summary>Fraction of blue frames read out binned 2× along x (3000×1074).</summary>
    public double BlueBinnedFraction { get; init; } = 0.3;
    /// <summary>How strongly frames age going back from the last year (0: no ageing): per year back, the read
    /// noise grows by 0.4 ADU (the old controller), and the old ThAr lamp puts more of its light into a continuum
    /// (<see cref="ArcContinuum"/>) — so that older arcs look more like flats, as the talk's per-year tables show
    /// its clustering F1 falling for older years.</summary>
    public double Drift { get; init; } = 1.0;
    /// <summary>The share of the old ThAr lamp's light that goes into a continuum instead of its lines, per (year back)² (times the
    /// frame's spread, at most 1): 0.007 gives about 0.6 nine years back, 0.14 four years back, a few per cent in the last years.</summary>
    public double ArcContinuum { get; init; } = 0.007;
    /// <summary>The per-frame spread of the ageing: the (years back)² of each frame is multiplied by exp(N(0, this²)), so that
    /// some frames of a year have aged much more than others.</summary>
    public double AgeingSpread { get; init; } = 0.8;
}

/// <summary>
/// Makes UVES-like raw calibration sets for notebook 02: bias, flat and ThAr arc frames for both arms
/// over several years, with drifting bias level, throughput and order positions, and labelled bad
/// variants (stripes, saturation, missing rows, wrong exposure, lamp off). Frames are generated in
/// parallel, each from its own seed stream.
/// </summary>
public static class UvesCalibrationGenerator
{
    public static (int Rows, int Columns) FullShape(UvesArm arm, bool binned) =>
        arm == UvesArm.Red ? (4096, 2048) : binned ? (3000, 1074) : (3000, 2148);

    public static IReadOnlyList<UvesFrame> Generate(UvesCalibrationOptions? options = null, int? seed = null)
    {
        var o = options ?? new UvesCalibrationOptions();
        if (o.Downscale < 1 || o.Downscale > 64) throw new ArgumentOutOfRangeException(nameof(options), o.Downscale, "Downscale must be 1 .. 64");
        if (o.Years < 1 || o.FramesPerYear < 1) throw new ArgumentOutOfRangeException(nameof(options), "Years and FramesPerYear must be ≥ 1");
        if (o.BadFraction is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(options), o.BadFraction, "BadFraction must be in [0, 1]");
        var s = Seeds.Resolve(seed);
        var plan = new List<(UvesArm Arm, UvesFrameType Type, int Year, int K)>();
        for (var y = 0; y < o.Years; y++)
            foreach (var arm in Enum.GetValues<UvesArm>())
                foreach (var type in Enum.GetValues<UvesFrameType>())
                    for (var k = 0; k < o.FramesPerYear; k++) plan.Add((arm, type, o.FirstYear + y, k));
        var frames = new UvesFrame[plan.Count];
        Parallel.For(0, plan.Count, new ParallelOptions { MaxDegreeOfParallelism = EnvironmentSettings.Current.EffectiveThreads },
            i => frames[i] = Frame(o, s, i, plan[i].Arm, plan[i].Type, plan[i].Year, plan[i].K));
        return frames;
    }

    static UvesFrame Frame(UvesCalibrationOptions o, int seed, int index, UvesArm arm, UvesFrameType type, int year, int k)
    {
        var rng = Rng.ForStream(seed, 0x0E5 + index);
        var defect = UvesDefect.None;
        if (rng.Bernoulli(o.BadFraction))
        {
            UvesDefect[] possible = type == UvesFrameType.Bias
                ? [UvesDefect.Stripes, UvesDefect.Saturation, UvesDefect.MissingRows]
                : [UvesDefect.Stripes, UvesDefect.Saturation, UvesDefect.MissingRows, UvesDefect.WrongExposure, UvesDefect.LampOff];
            defect = possible[rng.NextInt(possible.Length)];
        }
        var age = year - o.FirstYear + rng.NextDouble();  // years since the first, for the drifts
        var back = Math.Max(0, o.Drift * (o.Years - age));  // ageing going back from the last year (0 to ~1 in it)
        var binned = arm == UvesArm.Blue && rng.Bernoulli(o.BlueBinnedFraction);
        var (fr, fc) = FullShape(arm, binned);
        int rows = Math.Max(8, fr / o.Downscale), cols = Math.Max(8, fc / o.Downscale);
        var date = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(364 * (k + rng.NextDouble()) / o.FramesPerYear).AddHours(10 + 2 * rng.NextDouble());
        var nominalExp = type switch { UvesFrameType.Bias => 0.0, UvesFrameType.Flat => arm == UvesArm.Blue ? 12.0 : 4.0, _ => arm == UvesArm.Blue ? 6.0 : 3.0 };
        var exptime = nominalExp;
        var level = 1.0; // illumination relative to nominal
        if (defect == UvesDefect.WrongExposure) { exptime = nominalExp * (rng.Bernoulli(0.5) ? 0.1 : 8); level = exptime / nominalExp; }
        if (defect == UvesDefect.LampOff) level = 0;
        // How aged this frame looks: (years back)², times a per-frame spread (log-normal), so that the further back,
        // the larger the share of frames that look like another type — the fall-off of the talk's per-year tables.
        var ageing = back * back * Math.Exp(rng.Gaussian(0, o.AgeingSpread));
        var continuum = type == UvesFrameType.Arc ? Math.Min(1, o.ArcContinuum * ageing) : 0;   // the older ThAr lamp put more of its light in a continuum

        var chips = arm == UvesArm.Red ? new[] { "REDL", "REDU" } : ["BLUE"];
        var extensions = new List<ImageExtension>();
        for (var c = 0; c < chips.Length; c++)
        {
            var img = new float[rows * cols];
            var crng = rng.Fork(c);
            var biasLevel = 180 + 6 * age + 10 * c + crng.Gaussian(0, 1.5);   // bias creeps up over the years
            var readNoise = (arm == UvesArm.Blue ? 2.2 : 3.0) + 0.8 * c + 0.05 * age + 0.4 * back;   // the old controller was noisier
            // 50-column prescan and overscan on the blue CCD's 2148-column readout carry no light.
            var scan = arm == UvesArm.Blue ? Math.Max(1, 50 * cols / fc) : 0;
            if (type != UvesFrameType.Bias && level > 0)
                Illuminate(img, rows, cols, scan, arm, c, type, age, level * Throughput(type, arm, age), o.Downscale, seed, continuum);
            var z = new float[rows * cols];
            crng.FillGaussian(z);
            for (var r = 0; r < rows; r++)
            {
                // A faint fixed row pattern every bias has (period 37 rows on the EEV chips, 23 on the MIT-LL one),
                // and the MIT-LL chip's bias rises by 8 ADU across its columns.
                var rowPattern = 0.8 * Math.Sin(2 * Math.PI * r / (c == 1 ? 23.0 : 37.0));
                for (var x = 0; x < cols; x++)
                {
                    var i = r * cols + x;
                    var signal = img[i];
                    var v = biasLevel + rowPattern + (c == 1 ? 8.0 * x / cols : 0) + signal + Math.Sqrt(readNoise * readNoise + Math.Max(signal, 0)) * z[i];
                    img[i] = (float)Math.Clamp(Math.Round(v), 0, 65535);
                }
            }
            ApplyDefect(img, rows, cols, defect, crng);
            extensions.Add(new ImageExtension(chips[c], new Image(cols, rows, img),
            [
                new("ESO DET CHIP NAME", arm == UvesArm.Blue ? "EEV" : c == 0 ? "EEV" : "MIT-LL", "detector chip"),
                new("ESO DET OUT1 RON", Math.Round(readNoise, 3), "[ADU] read-out noise"),
                new("ESO DET OUT1 PRSCX", scan, "prescan columns"),
            ]));
        }
        var inv = CultureInfo.InvariantCulture;
        var dprType = type switch { UvesFrameType.Bias => "BIAS", UvesFrameType.Flat => "FLAT", _ => "LAMP,WAVE" };
        FitsHeader header =
        [
            new("TELESCOP", "ESO-VLT-U2", "ESO telescope name"),
            new("INSTRUME", "UVES", "instrument used"),
            new("ORIGIN", "NotebookLib synthetic", "UVES-like simulation, not ESO data"),
            new("DATE-OBS", date.ToString("yyyy-MM-ddTHH:mm:ss.fff", inv), "observing date"),
            new("MJD-OBS", Math.Round((date - new DateTime(1858, 11, 17, 0, 0, 0, DateTimeKind.Utc)).TotalDays, 8), "MJD start"),
            new("EXPTIME", exptime, "[s] integration time"),
            new("ESO DPR CATG", "CALIB", "observation category"),
            new("ESO DPR TYPE", dprType, "observation type"),
            new("ESO DPR TECH", "ECHELLE", "observation technique"),
            new("ESO INS PATH", arm == UvesArm.Blue ? "BLUE" : "RED", "optical path"),
            new("ESO INS GRAT1 WLEN", arm == UvesArm.Blue ? 390.0 : 580.0, "[nm] grating central wavelength"),
            new("ESO DET BINX", binned ? 2 : 1, "binning factor along x"),
            new("ESO DET BINY", 1, "binning factor along y"),
            new("ESO INS LAMP1 NAME", type switch { UvesFrameType.Flat => "FF", UvesFrameType.Arc => "ThAr", _ => "none" }, "calibration lamp"),
            new("NEXTEND", chips.Length, "number of extensions"),
            new("SYNDFCT", defect.ToString(), "synthetic ground truth: defect"),
        ];
        return new UvesFrame { Arm = arm, Type = type, Year = year, Defect = defect, DateObs = date, Header = header, Extensions = extensions };
    }

    /// <summary>Lamp throughput falls ~4 % a year (flats) and ~6 % (arcs): the drift QC must not flag.</summary>
    static double Throughput(UvesFrameType type, UvesArm arm, double age) =>
        (type == UvesFrameType.Flat ? 12000 : 8000) * (arm == UvesArm.Blue ? 0.7 : 1.0) * Math.Pow(type == UvesFrameType.Flat ? 0.96 : 0.94, age);

    /// <summary>Echelle orders along the long axis, curved and spaced more widely towards one side,
    /// shifting slowly with age; flats fill them with a blaze, arcs with ThAr lines at fixed positions.</summary>
    static void Illuminate(float[] img, int rows, int cols, int scan, UvesArm arm, int chip, UvesFrameType type, double age, double peak, int downscale, int seed, double continuum = 0)
    {
        var orders = arm == UvesArm.Blue ? 32 : chip == 0 ? 36 : 26;   // the upper red chip sees fewer, redder orders
        var lineRng = Rng.ForStream(seed, 0xA2C + (int)arm * 2 + chip); // same lines in every arc of this chip
        var lines = Enumerable.Range(0, 40).Select(_ => (Pos: lineRng.NextDouble(), Strength: Math.Pow(lineRng.NextDouble(), 2))).ToArray();
        var sigma = Math.Max(0.6, 3.0 / downscale);
        var lineSigma = Math.Max(0.6, 2.0 / downscale);
        var shift = 0.4 * age * cols / 200.0; // orders creep by ~0.4 px a year at full scale
        var usable = cols - 2 * scan;
        for (var r = 0; r < rows; r++)
        {
            var t = (r + 0.5) / rows;
            var blaze = Math.Pow(Math.Cos(Math.PI * (t - 0.5) * 0.9), 2);
            for (var m = 0; m < orders; m++)
            {
                var u = (m + 0.5) / orders;
                var centre = scan + usable * (0.04 + 0.92 * (u * (0.7 + 0.3 * u))) + shift + 0.015 * usable * Math.Pow(t - 0.5, 2) * 4;
                var along = type == UvesFrameType.Flat ? blaze : (1 - continuum) * ArcLines(t, m) + continuum * blaze;
                if (along < 1e-4) continue;
                for (var x = Math.Max(scan, (int)(centre - 4 * sigma)); x <= Math.Min(cols - scan - 1, (int)(centre + 4 * sigma)); x++)
                {
                    var d = x - centre;
                    img[r * cols + x] += (float)(peak * along * Math.Exp(-d * d / (2 * sigma * sigma)));
                }
            }
        }

        double ArcLines(double t, int m)
        {
            double sum = 0;
            foreach (var (pos, strength) in lines)
            {
                // Each order sees the line list shifted: different wavelengths fall on each order.
                var p = (pos + 0.137 * m) % 1.0;
                var d = (t - p) * rows;
                if (Math.Abs(d) < 5 * lineSigma) sum += strength * Math.Exp(-d * d / (2 * lineSigma * lineSigma));
            }
            return sum;
        }
    }

    static void ApplyDefect(float[] img, int rows, int cols, UvesDefect defect, Rng rng)
    {
        switch (defect)
        {
            case UvesDefect.Stripes:
                var period = rng.Uniform(4, 12);
                var amp = Math.Round(rng.Uniform(25, 60));   // whole ADU: raw frames are integers
                var horizontal = rng.Bernoulli(0.5);
                for (var r = 0; r < rows; r++)
                    for (var x = 0; x < cols; x++)
                    {
                        var phase = horizontal ? r : x;
                        img[r * cols + x] = (float)Math.Clamp(img[r * cols + x] + amp * Math.Sign(Math.Sin(2 * Math.PI * phase / period)), 0, 65535);
                    }
                break;
            case UvesDefect.Saturation:
                int h = Math.Max(2, (int)(rows * rng.Uniform(0.1, 0.3))), w = Math.Max(2, (int)(cols * rng.Uniform(0.1, 0.4)));
                int r0 = rng.NextInt(0, rows - h + 1), c0 = rng.NextInt(0, cols - w + 1);
                for (var r = r0; r < r0 + h; r++) Array.Fill(img, 65535f, r * cols + c0, w);
                break;
            case UvesDefect.MissingRows:
                var n = Math.Max(1, (int)(rows * rng.Uniform(0.05, 0.2)));
                var start = rng.NextInt(0, rows - n + 1);
                Array.Fill(img, 0f, start * cols, n * cols);
                break;
        }
    }
}
