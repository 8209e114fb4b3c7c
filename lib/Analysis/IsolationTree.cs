using System.Numerics.Tensors;

namespace NotebookLib.Analysis;

/// <summary>
/// One isolation tree as flat arrays (struct of arrays, no object per node): children are stored in
/// pairs, so a node needs only its left child's index (−1 at a leaf) and the right one is the next.
/// A leaf holds its whole path-length contribution, depth + c(size), so that scoring is a descent
/// and one addition. An axis-parallel node cuts on <see cref="Feature"/>; an extended one on the
/// hyperplane whose <c>m</c> normal components start at offset <see cref="Feature"/> in
/// <see cref="NormalValues"/> (and <see cref="NormalFeatures"/>, unless the normal is dense).
/// </summary>
internal sealed class IsolationTree
{
    public required int[] Left;
    public required int[] Feature;
    public required float[] Threshold;
    /// <summary>At a leaf: its depth plus c(number of training samples that reached it).</summary>
    public required double[] Value;
    /// <summary>Training samples that reached each node.</summary>
    public required int[] Size;
    public float[] NormalValues = [];
    public int[] NormalFeatures = [];
    /// <summary>Non-zero normal components per cut: 0 for axis-parallel trees.</summary>
    public int M;

    public int NodeCount => Left.Length;
    /// <summary>Depth of the deepest leaf.</summary>
    public int Depth;
    // the axis-parallel walk without branches: a leaf points to itself with threshold +∞, so every
    // row takes exactly Depth steps and rows of a block descend side by side (independent loads)
    int[]? next; float[]? walkThreshold; int[]? walkFeature;

    /// <summary>Builds the branch-free walk arrays; called once the tree is complete.</summary>
    public void Seal()
    {
        if (M != 0) return;
        next = new int[Left.Length]; walkThreshold = new float[Left.Length]; walkFeature = new int[Left.Length];
        for (int k = 0; k < next.Length; k++)
            if (Left[k] < 0) { next[k] = k; walkThreshold[k] = float.PositiveInfinity; }
            else { next[k] = Left[k]; walkThreshold[k] = Threshold[k]; walkFeature[k] = Feature[k]; }
    }

    /// <summary>Adds the leaf value of each row of <paramref name="block"/> (rows × d, row-major) to
    /// <paramref name="h"/>: one tree for a whole block of rows, level by level.</summary>
    public void AddPathLengths(ReadOnlySpan<float> block, int d, Span<double> h, Span<int> node)
    {
        int rows = h.Length;
        if (M != 0)
        {
            for (int i = 0; i < rows; i++) h[i] += PathLength(block.Slice(i * d, d));
            return;
        }
        var nxt = next!; var thr = walkThreshold!; var feat = walkFeature!;
        node = node[..rows];
        node.Clear();
        for (int level = 0; level < Depth; level++)
            for (int i = 0; i < rows; i++)
            {
                int k = node[i];
                node[i] = nxt[k] + (block[i * d + feat[k]] > thr[k] ? 1 : 0);
            }
        for (int i = 0; i < rows; i++) h[i] += Value[node[i]];
    }

    /// <summary>The path value of the leaf that <paramref name="row"/> falls into.</summary>
    public double PathLength(ReadOnlySpan<float> row)
    {
        int node = 0;
        var left = Left; var feature = Feature; var threshold = Threshold;
        if (M == 0)
        {
            while (left[node] >= 0) node = left[node] + (row[feature[node]] <= threshold[node] ? 0 : 1);
        }
        else
        {
            while (left[node] >= 0) node = left[node] + (Project(row, node) <= threshold[node] ? 0 : 1);
        }
        return Value[node];
    }

    float Project(ReadOnlySpan<float> row, int node)
    {
        int off = Feature[node];
        if (NormalFeatures.Length == 0) return TensorPrimitives.Dot(row, NormalValues.AsSpan(off, M));
        float s = 0;
        for (int q = 0; q < M; q++) s += row[NormalFeatures[off + q]] * NormalValues[off + q];
        return s;
    }
}

/// <summary>
/// Grows isolation trees on one subsample at a time. The subsample is copied into a row-major and a
/// column-major buffer (ψ × d each, a few hundred kB at most), nodes partition an index array in
/// place as quicksort does, and nodes go into growable flat arrays: no per-node allocation.
/// One grower per worker thread; every tree depends only on its own seed.
/// </summary>
internal sealed class IsolationTreeGrower
{
    readonly float[,] data; readonly int n, d, psi, maxDepth, m;
    readonly int[] permutation, features, positions;
    readonly float[] rows, cols, projected;
    // node arrays, reused from tree to tree and copied out at the end
    int[] left = new int[64], feature = new int[64], size = new int[64]; float[] threshold = new float[64]; double[] value = new double[64];
    float[] normalValues = []; int[] normalFeatures = [];
    int nodes, normalCount, deepest;

    /// <param name="data">the training samples, n × d</param>
    /// <param name="n">samples</param>
    /// <param name="d">features</param>
    /// <param name="psi">subsample size per tree</param>
    /// <param name="m">non-zero normal components per cut (extension level + 1), or 0 for axis-parallel cuts</param>
    public IsolationTreeGrower(float[,] data, int n, int d, int psi, int m)
    {
        this.data = data; this.n = n; this.d = d; this.psi = psi; this.m = m;
        maxDepth = (int)Math.Ceiling(Math.Log2(psi));
        permutation = new int[n];
        for (int i = 0; i < n; i++) permutation[i] = i;
        features = new int[d];
        for (int j = 0; j < d; j++) features[j] = j;
        positions = new int[psi];
        rows = new float[psi * d]; cols = new float[d * psi]; projected = new float[psi];
    }

    public IsolationTree Grow(int seed)
    {
        var rng = new Random(seed);
        var flat = Input.Flat(data);
        // the feature order is shuffled in place node after node: start every tree from the same one,
        // so that a tree depends on its seed only, not on the trees this grower made before
        for (int j = 0; j < d; j++) features[j] = j;
        // ψ samples without replacement: a partial Fisher-Yates shuffle, undone afterwards so that
        // the permutation is the identity again for the next tree (O(ψ), not O(n), per tree)
        Span<int> swaps = psi <= 4096 ? stackalloc int[psi] : new int[psi];
        for (int i = 0; i < psi; i++)
        {
            int j = rng.Next(i, n); swaps[i] = j;
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
            var src = flat.Slice(permutation[i] * d, d);
            src.CopyTo(rows.AsSpan(i * d, d));
            for (int f = 0; f < d; f++) cols[f * psi + i] = src[f];
            positions[i] = i;
        }
        for (int i = psi - 1; i >= 0; i--) { int j = swaps[i]; (permutation[i], permutation[j]) = (permutation[j], permutation[i]); }

        nodes = 1; normalCount = 0; deepest = 0;
        Node(0, 0, psi, 0, rng);
        var tree = new IsolationTree
        {
            Left = left.AsSpan(0, nodes).ToArray(),
            Feature = feature.AsSpan(0, nodes).ToArray(),
            Threshold = threshold.AsSpan(0, nodes).ToArray(),
            Value = value.AsSpan(0, nodes).ToArray(),
            Size = size.AsSpan(0, nodes).ToArray(),
            M = m,
            Depth = deepest,
        };
        if (m > 0)
        {
            tree.NormalValues = normalValues.AsSpan(0, normalCount).ToArray();
            if (m < d) tree.NormalFeatures = normalFeatures.AsSpan(0, normalCount).ToArray();
        }
        tree.Seal();
        return tree;
    }

    /// <summary>Grows the subtree of <paramref name="node"/> over positions[start..end).</summary>
    void Node(int node, int start, int end, int depth, Random rng)
    {
        int count = end - start;
        size[node] = count; left[node] = -1; feature[node] = -1; threshold[node] = 0;
        value[node] = depth + IsolationEnsemble.C(count);
        if (depth > deepest) deepest = depth;
        if (depth >= maxDepth || count <= 1) return;
        int mid = m == 0 ? AxisCut(node, start, end, rng) : HyperplaneCut(node, start, end, rng);
        if (mid < 0) return; // every feature is constant here: a leaf, as scikit-learn's
        int l = nodes; nodes += 2;
        if (nodes > left.Length) GrowArrays();
        left[node] = l;
        Node(l, start, mid, depth + 1, rng);
        Node(l + 1, mid, end, depth + 1, rng);
    }

    /// <summary>scikit-learn's cut: features in random order until one is not constant in the node,
    /// then a threshold uniform in its range; returns where the right part starts, or −1.</summary>
    int AxisCut(int node, int start, int end, Random rng)
    {
        for (int k = 0; k < d; k++)
        {
            // a partial Fisher-Yates step draws the next untried feature uniformly
            int j = rng.Next(k, d); (features[k], features[j]) = (features[j], features[k]);
            int f = features[k];
            var col = cols.AsSpan(f * psi, psi);
            float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
            for (int p = start; p < end; p++) { float v = col[positions[p]]; if (v < lo) lo = v; if (v > hi) hi = v; }
            if (!(hi > lo)) continue;
            float split = (float)(lo + rng.NextDouble() * (hi - lo));
            if (split >= hi) split = lo;
            feature[node] = f; threshold[node] = split;
            return Partition(start, end, cols, f * psi, split);
        }
        return -1;
    }

    /// <summary>Hariri et al.: a normal with m non-zero N(0, 1) components on randomly chosen features,
    /// through a point drawn uniformly in the node's bounding box.</summary>
    int HyperplaneCut(int node, int start, int end, Random rng)
    {
        if (normalCount + m > normalValues.Length)
        {
            Array.Resize(ref normalValues, Math.Max(2 * normalValues.Length, normalCount + m));
            if (m < d) Array.Resize(ref normalFeatures, normalValues.Length);
        }
        int off = normalCount; normalCount += m;
        var normal = normalValues.AsSpan(off, m);
        double offset = 0;
        for (int k = 0; k < m; k++)
        {
            int f = k;
            if (m < d) { int j = rng.Next(k, d); (features[k], features[j]) = (features[j], features[k]); f = features[k]; normalFeatures[off + k] = f; }
            normal[k] = (float)Gauss(rng);
            var col = cols.AsSpan(f * psi, psi);
            float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
            for (int p = start; p < end; p++) { float v = col[positions[p]]; if (v < lo) lo = v; if (v > hi) hi = v; }
            offset += normal[k] * (lo + rng.NextDouble() * (hi - lo));
        }
        float split = (float)offset;
        feature[node] = off; threshold[node] = split;
        for (int p = start; p < end; p++)
        {
            int r = positions[p]; var row = rows.AsSpan(r * d, d);
            float s;
            if (m == d) s = TensorPrimitives.Dot(row, normal);
            else { s = 0; for (int k = 0; k < m; k++) s += row[normalFeatures[off + k]] * normal[k]; }
            projected[r] = s;
        }
        return Partition(start, end, projected, 0, split);
    }

    /// <summary>Moves the positions p with values[offset + p] ≤ split (the left side) to the front of
    /// [start, end); returns where the right side starts.</summary>
    int Partition(int start, int end, float[] values, int offset, float split)
    {
        int i = start, j = end - 1;
        while (true)
        {
            while (i <= j && values[offset + positions[i]] <= split) i++;
            while (i <= j && !(values[offset + positions[j]] <= split)) j--;
            if (i >= j) return i;
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }
    }

    void GrowArrays()
    {
        int c = 2 * left.Length;
        Array.Resize(ref left, c); Array.Resize(ref feature, c); Array.Resize(ref size, c);
        Array.Resize(ref threshold, c); Array.Resize(ref value, c);
    }

    static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
