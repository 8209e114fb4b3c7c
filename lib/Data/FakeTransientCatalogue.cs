namespace NotebookLib.Data;

/// <summary>A source of the static sky in an HSC-like field: truth (star or galaxy, r-band magnitude,
/// colours) and what a pipeline measures on the template's pixels (PSF/model flux ratio and the 0/1
/// extendedness derived from it).</summary>
public sealed record HscSource(int Id, double X, double Y, double Magnitude, bool IsGalaxy,
                               double SemiMajorAxis, double AxisRatio, double PositionAngle, double SersicIndex,
                               double PsfModelFluxRatio, int Extendedness)
{
    public double GMinusR { get; init; }
    public double RMinusI { get; init; }

    /// <summary>The magnitude in band g, r or i.</summary>
    public double MagnitudeIn(string band) => band switch
    {
        "g" => Magnitude + GMinusR,
        "r" => Magnitude,
        "i" => Magnitude - RMinusI,
        _ => throw new ArgumentException($"unknown band '{band}' (g, r or i)", nameof(band)),
    };
}

/// <summary>The HSC bands the generator makes: their filter names and a supernova's colour near peak.</summary>
public static class HscBands
{
    /// <summary>The FILTER keyword of band g, r or i (HSC-G, HSC-R2, HSC-I2).</summary>
    public static string Filter(string band) => band switch
    {
        "g" => "HSC-G",
        "r" => "HSC-R2",
        "i" => "HSC-I2",
        _ => throw new ArgumentException($"unknown band '{band}' (g, r or i)", nameof(band)),
    };

    /// <summary>A young type Ia supernova's magnitude in the band minus its r-band magnitude.</summary>
    public static double SupernovaColour(string band) => band switch { "g" => 0.2, "i" => 0.1, _ => 0 };
}

/// <summary>A fake transient to inject: position, magnitude, host (−1 for host-less) and offset from it.</summary>
public sealed record FakeTransient(int Id, double X, double Y, double Magnitude, int HostId, double OffsetX, double OffsetY)
{
    public bool HostLess => HostId < 0;
}

/// <summary>
/// The fake-transient catalogue of talk 002, exactly as described there: hosts are chosen among the
/// sources measured as extended (extendedness 1), about 3 % of them; each fake is offset from its host's
/// centre by N(0, a) in x and y, a the host's semi-major axis, with magnitude U(m_host − 1, m_host + 3);
/// and host-less fakes, 5 % of the catalogue, at uniform positions with U(m − 1, m + 3) from a random
/// extended source's magnitude m.
/// </summary>
public static class FakeTransientCatalogue
{
    /// <summary>One catalogue (one visit, one band) for <paramref name="sources"/> on a <paramref name="width"/> ×
    /// <paramref name="height"/> CCD, drawn with <paramref name="rng"/>; <paramref name="hostFraction"/> of the
    /// extended sources become hosts, <paramref name="hostLessFraction"/> of the catalogue is host-less, fakes stay
    /// <paramref name="margin"/> pixels inside the edges, and <paramref name="magnitude"/> gives a source's
    /// magnitude in the catalogue's band (default: its r-band <see cref="HscSource.Magnitude"/>).</summary>
    public static IReadOnlyList<FakeTransient> Make(IReadOnlyList<HscSource> sources, int width, int height, Rng rng,
        double hostFraction = 0.03, double hostLessFraction = 0.05, int margin = 15, Func<HscSource, double>? magnitude = null)
    {
        magnitude ??= s => s.Magnitude;
        ArgumentNullException.ThrowIfNull(sources);
        if (hostFraction is < 0 or > 1 || hostLessFraction is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(hostFraction), $"host fraction {hostFraction} must be in [0, 1] and host-less fraction {hostLessFraction} in [0, 1)");
        var fakes = new List<FakeTransient>();
        foreach (var host in sources.Where(s => s.Extendedness == 1))
        {
            if (!rng.Bernoulli(hostFraction)) continue;
            double dx = rng.Gaussian(0, host.SemiMajorAxis), dy = rng.Gaussian(0, host.SemiMajorAxis);
            double x = Math.Clamp(host.X + dx, margin, width - 1 - margin), y = Math.Clamp(host.Y + dy, margin, height - 1 - margin);
            fakes.Add(new(fakes.Count, x, y, rng.Uniform(magnitude(host) - 1, magnitude(host) + 3), host.Id, x - host.X, y - host.Y));
        }
        // Host-less fakes make up hostLessFraction of the final catalogue: n / (hosted + n) = f,
        // rounded stochastically so the rate holds over many fields.
        var expected = fakes.Count * hostLessFraction / (1 - hostLessFraction);
        var hostLess = (int)Math.Floor(expected) + (rng.NextDouble() < expected - Math.Floor(expected) ? 1 : 0);
        var extended = sources.Where(s => s.Extendedness == 1).ToList();
        for (var k = 0; k < hostLess && extended.Count > 0; k++)
        {
            // Magnitudes drawn as for hosted fakes, from a random extended source's magnitude.
            var m = magnitude(extended[rng.NextInt(extended.Count)]);
            fakes.Add(new(fakes.Count, rng.Uniform(margin, width - 1 - margin), rng.Uniform(margin, height - 1 - margin), rng.Uniform(m - 1, m + 3), -1, 0, 0));
        }
        return fakes;
    }
}
