using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class PairShiftTests
{
    [Fact]
    public void Pair_shift_is_the_distance_within_each_pair_and_spacing_the_unchanged_samples_nearest_reference()
    {
        float[,] reference = { { 0, 0 }, { 10, 0 }, { 0, 10 } };
        float[,] unchanged = { { 1, 0 }, { 9, 1 } };
        float[,] changed = { { 1, 4 }, { 9, 1.5f } };
        var p = PairShift.Measure(changed, unchanged, reference);
        Assert.Equal(4, p.Shift[0], 6);
        Assert.Equal(0.5, p.Shift[1], 6);
        Assert.Equal(1, p.Spacing[0], 5);                 // (1, 0) is 1 from (0, 0)
        Assert.Equal(Math.Sqrt(2), p.Spacing[1], 5);      // (9, 1) is √2 from (10, 0)
        Assert.Equal(0.5, p.MovedOut);                    // the first pair moved out of its neighbour's reach, the second did not
        Assert.Throws<ArgumentException>(() => PairShift.Measure(changed, new float[1, 2], reference));
    }
}
