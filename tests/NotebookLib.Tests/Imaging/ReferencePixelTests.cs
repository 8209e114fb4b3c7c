using NotebookLib.Data;
using NotebookLib.Imaging;

namespace NotebookLib.Tests.Imaging;

public class ReferencePixelTests
{
    // A NISP-like dark with nothing but read noise, dark signal and the 32 readout channels' offsets.
    static NispSlewDark PlainDark() => NispSlewDarkGenerator.Generate(new NispSlewDarkOptions
    {
        Size = 1032,
        PersistentSources = 0,
        CosmicRayRate = 0,
        HotPixelFraction = 0,
        DeadPixelFraction = 0,
    }, seed: 5);

    [Fact]
    public void Per_channel_correction_removes_the_channel_offsets_and_adds_less_noise_than_per_column()
    {
        var dark = PlainDark();
        var b = dark.Options.ReferenceBorder;
        var before = dark.Data.ColumnStripeRms(b);
        var perChannel = dark.Data.CorrectReferencePixels(b, ReferenceCorrection.Channels, channels: 32).ColumnStripeRms(b);
        var perColumn = dark.Data.CorrectReferencePixels(b, ReferenceCorrection.Columns).ColumnStripeRms(b);
        // Read noise 6 ADU over 1024 rows leaves 0.19 ADU per column mean, the channel's 8 × 32 reference pixels 0.375 ADU;
        // before, the channel offsets (σ = 3 ADU) come on top.
        Assert.True(before > 1.0, $"before {before}");
        Assert.True(perChannel < 0.6, $"per channel {perChannel}");
        // 8 reference pixels per column: its own noise is 6/√8 ≈ 2.1 ADU, a stripe per column.
        Assert.True(perColumn > 3 * perChannel, $"per column {perColumn}, per channel {perChannel}");
    }

    [Fact]
    public void Per_channel_correction_subtracts_one_offset_per_channel()
    {
        int w = 16, h = 12, b = 2;
        var raw = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                raw[y * w + x] = (x < 8 ? 10 : -4) + (y >= b && y < h - b && x >= b && x < w - b ? 100 : 0);
        var corrected = new Image(w, h, raw).CorrectReferencePixels(b, ReferenceCorrection.Channels, channels: 2);
        Assert.Equal(100f, corrected[3, 5]);
        Assert.Equal(100f, corrected[12, 5]);
        Assert.Equal(0f, corrected[12, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Image(w, h, raw).CorrectReferencePixels(b, ReferenceCorrection.Channels, channels: 0));
    }
}
