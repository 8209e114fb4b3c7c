namespace NotebookLib.Imaging;

/// <summary>A difference image (science − PSF-matched template), its variance plane, and how it was matched.</summary>
/// <param name="Difference">Science minus the PSF-matched template.</param>
/// <param name="Variance">The difference's variance: science variance plus the matched template's.</param>
/// <param name="KernelSigma">σ in pixels of the Gaussian matching kernel; 0 when the PSFs already agreed.</param>
/// <param name="ConvolvedScience">True when the science image was the sharper one and was convolved
/// (the LSST pipelines' "convolve science" mode); the difference's PSF is then the template's.</param>
/// <param name="PsfSigma">σ of the difference image's PSF: the broader of the two inputs'.</param>
public sealed record DifferenceImage(Image Difference, Image Variance, double KernelSigma, bool ConvolvedScience, double PsfSigma)
{
    public override string ToString() =>
        $"difference image {Difference.Width}×{Difference.Height}, matching kernel σ {KernelSigma:F3} px on the {(ConvolvedScience ? "science image" : "template")}, PSF σ {PsfSigma:F3} px";
}

/// <summary>
/// Image subtraction with PSF matching for Gaussian PSFs (the Alard–Lupton idea with a one-Gaussian
/// basis): the sharper of science and template is convolved with a Gaussian of σ_k = √|σ_s² − σ_t²|,
/// which makes both PSFs the broader one, then the template is subtracted. The variance of the
/// convolved image is its variance convolved with the squared kernel, so the difference's variance is
/// exact for independent pixels. Both images must share pixel grid and photometric scale.
/// </summary>
public static class DifferenceImaging
{
    /// <summary>Science − PSF-matched template, with the variance planes of each (null: 0).</summary>
    public static DifferenceImage Subtract(Image science, Image template, double scienceSigma, double templateSigma,
        Image? scienceVariance = null, Image? templateVariance = null, double truncate = 4.0)
    {
        ArgumentNullException.ThrowIfNull(science);
        ArgumentNullException.ThrowIfNull(template);
        SameSize(science, template, "template");
        if (scienceVariance is not null) SameSize(science, scienceVariance, "science variance");
        if (templateVariance is not null) SameSize(science, templateVariance, "template variance");
        if (!(scienceSigma > 0) || !(templateSigma > 0))
            throw new ArgumentOutOfRangeException(nameof(scienceSigma), $"PSF σ must be positive, not {scienceSigma} (science) and {templateSigma} (template)");
        var convolveScience = scienceSigma < templateSigma;
        var kernelSigma = Math.Sqrt(Math.Abs(scienceSigma * scienceSigma - templateSigma * templateSigma));
        Image sci = science, tpl = template, sv = scienceVariance ?? Zeros(science), tv = templateVariance ?? Zeros(science);
        if (kernelSigma > 1e-3)
        {
            var k = GaussianFilter.Kernel(kernelSigma, truncate);
            var k2 = k.Select(v => v * v).ToArray();
            if (convolveScience) { sci = science.ConvolveSeparable(k); sv = sv.ConvolveSeparable(k2); }
            else { tpl = template.ConvolveSeparable(k); tv = tv.ConvolveSeparable(k2); }
        }
        else kernelSigma = 0;
        var n = science.Count;
        var diff = new float[n];
        var variance = new float[n];
        for (var i = 0; i < n; i++)
        {
            diff[i] = sci.Pixels[i] - tpl.Pixels[i];
            variance[i] = sv.Pixels[i] + tv.Pixels[i];
        }
        var mask = science.Mask is null ? template.Mask : template.Mask is null ? science.Mask : science.Mask.Or(template.Mask);
        return new DifferenceImage(new Image(science.Width, science.Height, diff, mask), new Image(science.Width, science.Height, variance),
                                   kernelSigma, convolveScience && kernelSigma > 0, Math.Max(scienceSigma, templateSigma));
    }

    static Image Zeros(Image like) => new(like.Width, like.Height, new float[like.Count]);

    static void SameSize(Image a, Image b, string name)
    {
        if (a.Width != b.Width || a.Height != b.Height)
            throw new ArgumentException($"the {name} is {b.Width}×{b.Height} but the science image {a.Width}×{a.Height}");
    }
}
