using NotebookLib.Imaging;

namespace NotebookLib.Tests.Imaging;

public class PhotometryTests
{
    static Image Gaussian(int n, double cx, double cy, double flux, double sigma)
    {
        var p = new float[n * n];
        for (var y = 0; y < n; y++)
            for (var x = 0; x < n; x++)
                p[y * n + x] = (float)(flux / (2 * Math.PI * sigma * sigma) * Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * sigma * sigma)));
        return new Image(n, n, p);
    }

    [Fact]
    public void A_gaussian_has_its_flux_its_half_light_radius_and_the_isophotal_area_of_its_threshold()
    {
        // Half the light of a circular Gaussian lies within σ √(2 ln 2); the isophote I > t is the disc
        // r² < 2σ² ln(I₀ / t).
        const double sigma = 4, flux = 1000;
        var m = Gaussian(64, 31.3, 32.6, flux, sigma).Measure(threshold: 1.0);
        Assert.InRange(m.CentreX, 31.2, 31.4);
        Assert.InRange(m.CentreY, 32.5, 32.7);
        Assert.InRange(m.Flux, 0.999 * flux, 1.00001 * flux);
        Assert.InRange(m.HalfLightRadius, 0.95 * sigma * Math.Sqrt(2 * Math.Log(2)), 1.1 * sigma * Math.Sqrt(2 * Math.Log(2)));
        var peak = flux / (2 * Math.PI * sigma * sigma);
        var expectedArea = Math.PI * 2 * sigma * sigma * Math.Log(peak / 1.0);
        Assert.InRange(m.Area, 0.9 * expectedArea, 1.1 * expectedArea);
        Assert.True(m.Profile[0] > m.Profile[3] && m.Profile[3] > m.Profile[8], "the profile falls from the centre");
    }

    [Fact]
    public void A_larger_brighter_galaxy_measures_larger_and_brighter_and_a_batch_measures_each_image()
    {
        var small = Gaussian(48, 24, 24, 300, 2);
        var large = Gaussian(48, 24, 24, 900, 5);
        var batch = new float[2 * 2 * 48 * 48];
        small.Pixels.CopyTo(batch, 1 * 48 * 48);           // image 0, channel 1
        large.Pixels.CopyTo(batch, 3 * 48 * 48);           // image 1, channel 1
        var m = Photometry.MeasureAll(batch, 2, 48, 48, channel: 1, threshold: 0.5);
        Assert.Equal(2, m.Length);
        Assert.True(m[1].Flux > 2.5 * m[0].Flux && m[1].HalfLightRadius > 2 * m[0].HalfLightRadius && m[1].Area > m[0].Area,
            $"small {m[0]}, large {m[1]}");
        Assert.Throws<ArgumentOutOfRangeException>(() => Photometry.MeasureAll(batch, 2, 48, 48, channel: 2, threshold: 0.5));
        Assert.Throws<ArgumentException>(() => Photometry.MeasureAll(batch, 3, 48, 48, channel: 1, threshold: 0.5));
    }

    [Fact]
    public void The_radial_profile_is_the_mean_of_each_annulus()
    {
        var img = new Image(5, 5, Enumerable.Range(0, 25).Select(i => (float)(i == 12 ? 10 : 1)).ToArray());
        var p = img.RadialProfile(2, 2, 3);
        Assert.Equal(10, p[0]);
        Assert.Equal(1, p[1]);
        Assert.Equal(1, p[2]);
    }

    [Fact]
    public void The_asinh_scale_maps_fluxes_onto_0_to_1_and_back()
    {
        float[] flux = [-0.5f, 0f, 0.01f, 0.3f, 2f, 5f, 50f];
        var y = Stretches.AsinhScale(flux, max: 5, a: 0.06);
        Assert.Equal(0, y[0]);                           // below 0: clipped
        Assert.Equal(1, y[5], 5);                        // max ↦ 1
        Assert.Equal(1, y[6]);                           // above max: clipped
        Assert.True(y.Zip(y.Skip(1)).All(p => p.Second >= p.First), "monotonic");
        var back = Stretches.InverseAsinhScale(y, max: 5, a: 0.06);
        for (var i = 1; i < 6; i++) Assert.Equal(flux[i], back[i], 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => Stretches.AsinhScale(flux, max: 0, a: 0.06));
    }
}
