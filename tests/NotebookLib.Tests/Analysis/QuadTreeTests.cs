using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class QuadTreeTests
{
    /// <summary>Σⱼ≠ᵢ qᵢⱼ and Σⱼ≠ᵢ qᵢⱼ² (yᵢ − yⱼ) summed pair by pair.</summary>
    static (double Z, double Fx, double Fy) Exact(double[] y, int n, int i)
    {
        double z = 0, fx = 0, fy = 0;
        for (int j = 0; j < n; j++)
        {
            if (j == i) continue;
            double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1], q = 1 / (1 + dx * dx + dy * dy);
            z += q; fx += q * q * dx; fy += q * q * dy;
        }
        return (z, fx, fy);
    }

    [Fact]
    public void Barnes_Hut_forces_equal_the_pairwise_sums()
    {
        var rng = new Random(21);
        int n = 300;
        var y = new double[2 * n];
        for (int k = 0; k < 2 * n; k++) y[k] = 5 * Synthetic.Gauss(rng);
        // five points on one spot and a pair on another: they share a leaf at the depth limit
        for (int i = 1; i < 5; i++) { y[2 * i] = y[0]; y[2 * i + 1] = y[1]; }
        y[2 * 10] = y[2 * 11]; y[2 * 10 + 1] = y[2 * 11 + 1];
        var tree = new QuadTree(y, n);
        Assert.Equal(Enumerable.Range(0, n), tree.Order.Order());
        double worstExact = 0, worstApprox = 0;
        for (int i = 0; i < n; i++)
        {
            var (z, fx, fy) = Exact(y, n, i);
            double ex = 0, ey = 0, ax = 0, ay = 0;
            double ez = tree.Repulsion(i, 0, ref ex, ref ey);
            double az = tree.Repulsion(i, 0.5, ref ax, ref ay);
            double scale = Math.Max(Math.Abs(fx) + Math.Abs(fy), 1e-12);
            worstExact = Math.Max(worstExact, Math.Max(Math.Abs(ez - z) / z, (Math.Abs(ex - fx) + Math.Abs(ey - fy)) / scale));
            worstApprox = Math.Max(worstApprox, Math.Abs(az - z) / z);
        }
        Assert.True(worstExact < 1e-9, $"θ = 0 must be exact, worst relative error {worstExact}");
        Assert.True(worstApprox is > 0 and < 0.02, $"θ = 0.5: worst relative error of Z {worstApprox}");
    }
}
