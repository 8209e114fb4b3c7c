using NotebookLib.Torch;

namespace NotebookLib.Analysis;

/// <summary>
/// k-means clustering (Lloyd's algorithm with k-means++ seeding), shaped like scikit-learn's KMeans:
/// the best of <c>nInit</c> seeded runs by inertia; convergence when the centres move less than
/// <c>tol</c> × the mean feature variance, or when no label changes. The distances and centre
/// updates are matrix products on lib/Torch, on <c>device</c> (default: EnvironmentSettings', a GPU when there is one).
/// </summary>
public sealed class KMeans(int nClusters = 8, int nInit = 10, int maxIter = 300, double tol = 1e-4, int? seed = null, Device? device = null)
{
    public int NClusters { get; } = nClusters > 0 ? nClusters : throw new ArgumentOutOfRangeException(nameof(nClusters), nClusters, "KMeans needs at least one cluster");
    public int NInit { get; } = nInit > 0 ? nInit : throw new ArgumentOutOfRangeException(nameof(nInit), nInit, "nInit must be at least 1");
    public int MaxIter { get; } = maxIter;
    public double Tol { get; } = tol;
    public int Seed { get; } = NotebookLib.Configuration.Seeds.Resolve(seed);
    /// <summary>Where the matrix work runs.</summary>
    public Device Device { get; } = Device.Resolve(device);

    /// <summary>Cluster centres, NClusters × d.</summary>
    public float[,] Centers { get; private set; } = new float[0, 0];
    /// <summary>The cluster of every training sample.</summary>
    public int[] Labels { get; private set; } = [];
    /// <summary>Sum of squared distances of the training samples to their centre.</summary>
    public double Inertia { get; private set; }
    /// <summary>Lloyd iterations of the best run.</summary>
    public int Iterations { get; private set; }
    bool fitted;

    public KMeans Fit(float[,] x) => Fit(x, null);

    /// <summary>Fits on <paramref name="x"/>; <paramref name="uploaded"/>, when given, is x already on <see cref="Device"/>
    /// (n × d, float32), used instead of a second copy (GaussianMixture's initialisation: 26 MB fewer at 100,000 × 64).</summary>
    /// <paramref name="onTensors"/>: the tensor path even on the CPU (tests compare it with the fused CPU path).
    internal KMeans Fit(float[,] x, Tensor? uploaded, bool onTensors = false)
    {
        var (n, d) = Input.Check(x, "KMeans");
        if (n < NClusters) throw new ArgumentException($"KMeans: X has {n} samples but nClusters = {NClusters}; there must be at least as many samples as clusters", nameof(x));
        if (!Device.IsCuda && !onTensors) return FitOnCpu(x);
        using var scope = torch.NewDisposeScope();
        var X = uploaded ?? Kernels.Upload(x, Device);
        var norms = Kernels.SquaredNorms(X);
        // d × n: the assignment step is then a k × n product reduced over its first dimension,
        // which libtorch vectorises along the contiguous samples (the n × k layout reduces 10× slower)
        var xt = X.t().contiguous();
        double tolAbs = Tol * MeanVariance(x);
        var rng = new Random(Seed);
        double best = double.PositiveInfinity;
        for (int run = 0; run < NInit; run++)
        {
            using var runScope = torch.NewDisposeScope();
            var centers = PlusPlus(X, xt, norms, NClusters, rng);
            var (labels, c, inertia, iters) = Lloyd(X, xt, norms, centers, MaxIter, tolAbs);
            if (inertia < best)
            {
                best = inertia; Labels = labels; Iterations = iters;
                Centers = Kernels.Download(c);
            }
        }
        Inertia = best; fitted = true;
        return this;
    }

    /// <summary>The same fit, fused over the samples in managed code (<see cref="KMeansCpu"/>): on the CPU, libtorch's
    /// matrix products were bound by the k × n matrices they write and re-read.</summary>
    KMeans FitOnCpu(float[,] x)
    {
        double tolAbs = Tol * MeanVariance(x);
        var rng = new Random(Seed);
        double best = double.PositiveInfinity;
        var ws = new KMeansCpu.Workspace(x.GetLength(0), NClusters, x.GetLength(1));
        for (int run = 0; run < NInit; run++)
        {
            var centers = KMeansCpu.PlusPlus(x, NClusters, rng, ws);
            var (labels, c, inertia, iters) = KMeansCpu.Lloyd(x, centers, MaxIter, tolAbs, ws);
            if (inertia < best)
            {
                best = inertia; Labels = (int[])labels.Clone(); Iterations = iters;
                Centers = new float[NClusters, x.GetLength(1)];
                c.CopyTo(Input.FlatMut(Centers));
            }
        }
        Inertia = best; fitted = true;
        return this;
    }

    public int[] Predict(float[,] x)
    {
        Input.CheckFitted(fitted, "KMeans");
        int n = Input.CheckFeatures(x, Centers.GetLength(1), "KMeans.Predict"), d = Centers.GetLength(1);
        return Kernels.NearestCenter(Input.Flat(x), n, Input.Flat(Centers), NClusters, d, Device).Labels;
    }

    public int[] FitPredict(float[,] x) => Fit(x).Labels;

    /// <summary>Euclidean distance of every sample to every centre (n × NClusters).</summary>
    public float[,] Transform(float[,] x)
    {
        Input.CheckFitted(fitted, "KMeans");
        Input.CheckFeatures(x, Centers.GetLength(1), "KMeans.Transform");
        using var scope = torch.NewDisposeScope();
        var X = Kernels.Upload(x, Device); var C = Kernels.Upload(Centers, Device);
        return Kernels.Download(Kernels.SquaredDistances(X, Kernels.SquaredNorms(X), C, Kernels.SquaredNorms(C)).sqrt());
    }

    /// <summary>Minus the inertia of <paramref name="x"/> (higher is better, as scikit-learn's score).</summary>
    public double Score(float[,] x)
    {
        Input.CheckFitted(fitted, "KMeans");
        Input.CheckFeatures(x, Centers.GetLength(1), "KMeans.Score");
        using var scope = torch.NewDisposeScope();
        var X = Kernels.Upload(x, Device); var C = Kernels.Upload(Centers, Device);
        var (_, labels) = Kernels.SquaredDistances(X, Kernels.SquaredNorms(X), C, Kernels.SquaredNorms(C)).min(1);
        return -ExactInertia(X, C, labels);
    }

    /// <summary>The mean over features of each feature's variance (scikit-learn's tolerance scale);
    /// one pass on the CPU, faster than libtorch's variance over the strided sample dimension.</summary>
    static double MeanVariance(float[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var flat = Input.Flat(x);
        var mean = new double[d]; var sq = new double[d];
        for (int i = 0; i < n; i++)
        {
            var row = flat.Slice(i * d, d);
            for (int j = 0; j < d; j++) { double v = row[j]; mean[j] += v; sq[j] += v * v; }
        }
        double s = 0;
        for (int j = 0; j < d; j++) { double m = mean[j] / n; s += sq[j] / n - m * m; }
        return s / d;
    }

    /// <summary>Greedy k-means++ (scikit-learn's): each new centre is the best of 2 + ln k candidates
    /// drawn with probability ∝ squared distance to the nearest chosen centre.</summary>
    internal static Tensor PlusPlus(Tensor x, Tensor xt, Tensor norms, int k, Random rng)
    {
        long n = x.size(0);
        int trials = 2 + (int)Math.Log(k);
        var chosen = new long[k];
        chosen[0] = rng.NextInt64(n);
        var closest = Distances(x, xt, norms, [chosen[0]]).squeeze(0);
        // the cumulative potential goes to the CPU once per centre (n values) for the draws, into one
        // buffer: a new n-long array per centre was 72 MB of large-object garbage per fit at 100k points
        var cumulative = new double[n];
        for (int c = 1; c < k; c++)
        {
            using var step = torch.NewDisposeScope();
            using (var cum = closest.to(ScalarType.Float64).cumsum(0)) cum.CopyTo<double>(cumulative);
            double pot = cumulative[^1];
            var cand = new long[trials];
            for (int t = 0; t < trials; t++)
            {
                int pick = Array.BinarySearch(cumulative, rng.NextDouble() * pot);
                cand[t] = Math.Min(pick < 0 ? ~pick : pick, n - 1);
            }
            // candidates' potentials: Σᵢ min(closestᵢ, ‖xᵢ − candidate‖²), all candidates in one product
            var withCand = Distances(x, xt, norms, cand).minimum(closest.unsqueeze(0));
            var pots = withCand.to(ScalarType.Float64).sum(1).data<double>();
            int best = Array.IndexOf(pots, pots.Min());
            chosen[c] = cand[best];
            closest = step.MoveToOuter(withCand.select(0, best).contiguous());
        }
        return x.index_select(0, torch.tensor(chosen, device: x.device));
    }

    /// <summary>Squared distances of the rows <paramref name="rows"/> of x to every row of x (rows × n).</summary>
    static Tensor Distances(Tensor x, Tensor xt, Tensor norms, long[] rows)
    {
        var index = torch.tensor(rows, device: x.device);
        var d = x.index_select(0, index).mm(xt);
        return d.mul_(-2).add_(norms.index_select(0, index).unsqueeze(1)).add_(norms.unsqueeze(0)).clamp_min_(0);
    }

    /// <summary>Lloyd iterations from <paramref name="centers"/>; the labels, centres, exact inertia and iteration count.</summary>
    internal static (int[] Labels, Tensor Centers, double Inertia, int Iterations) Lloyd(Tensor x, Tensor xt, Tensor norms, Tensor centers, int maxIter, double tolAbs)
    {
        var clusters = torch.arange(centers.size(0), device: x.device).unsqueeze(1);
        Tensor? prev = null;
        int iter = 0;
        for (; iter < maxIter; iter++)
        {
            // one scope per iteration: the k × n temporaries are freed as we go
            using var step = torch.NewDisposeScope();
            var (partial, labels) = Assign(xt, centers);
            if (prev is not null && labels.equal(prev)) break;
            var next = UpdateCenters(x, norms, labels, partial, clusters);
            double shift = (next - centers).square().sum().item<double>();
            centers = step.MoveToOuter(next);
            prev?.Dispose();
            prev = step.MoveToOuter(labels);
            if (shift <= tolAbs)
            {
                prev.Dispose();
                prev = step.MoveToOuter(Assign(xt, centers).Labels);
                iter++;
                break;
            }
        }
        prev ??= Assign(xt, centers).Labels;
        return (prev.data<int>(), centers, ExactInertia(x, centers, prev), iter);
    }

    /// <summary>Each sample's nearest centre from the k × n matrix ‖c‖² − 2c·x (‖x‖² does not change
    /// the argmin; <c>Partial</c> + ‖x‖² is the squared distance).</summary>
    static (Tensor Partial, Tensor Labels) Assign(Tensor xt, Tensor centers)
    {
        using var cn = Kernels.SquaredNorms(centers);
        using var cnColumn = cn.unsqueeze(1);
        using var d = centers.mm(xt);
        d.mul_(-2).add_(cnColumn);
        return d.min(0);
    }

    /// <summary>Means of the assigned samples (one-hot membership × data, one matrix product); an
    /// empty cluster takes the sample farthest from its centre.</summary>
    static Tensor UpdateCenters(Tensor x, Tensor norms, Tensor labels, Tensor partial, Tensor clusters)
    {
        var onehot = labels.unsqueeze(0).eq(clusters).to(x.dtype);        // k × n
        var counts = onehot.sum(1);
        var next = onehot.mm(x) / counts.clamp(1).unsqueeze(1);
        var countsHost = counts.data<float>();
        if (countsHost.Contains(0f))
        {
            var far = (partial + norms).data<float>();
            for (int c = 0; c < countsHost.Length; c++)
            {
                if (countsHost[c] != 0) continue;
                int i = Array.IndexOf(far, far.Max()); far[i] = -1;
                next.index_put_([torch.tensor(new long[] { c }, device: x.device)], x.narrow(0, i, 1));
            }
        }
        return next;
    }

    /// <summary>Σᵢ ‖xᵢ − c(i)‖², computed from the differences (not the distance expansion) for accuracy.</summary>
    /// <remarks>In blocks of rows, so that the n × d differences are never whole (three n × d temporaries
    /// were 77 MB at 100k × 64); the per-row sums and their total are the same as in one piece.</remarks>
    internal static double ExactInertia(Tensor x, Tensor centers, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        const long Block = 16_384;
        long n = x.size(0);
        var rows = new List<Tensor>();
        for (long s = 0; s < n; s += Block)
        {
            using var block = torch.NewDisposeScope();
            long m = Math.Min(Block, n - s);
            var diff = x.narrow(0, s, m) - centers.index_select(0, labels.narrow(0, s, m));
            rows.Add(block.MoveToOuter(diff.square().sum(1)));
        }
        return torch.cat(rows, 0).to(ScalarType.Float64).sum().item<double>();
    }
}
