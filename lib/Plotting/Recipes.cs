using System.Globalization;
using NotebookLib.Analysis;

namespace NotebookLib.Plotting;

// The plots the talks come back to: training curves, AIC/BIC against the number of components,
// score distributions, embeddings coloured by what is known about each point, confusion matrices.
public static partial class Plot
{
    /// <summary>
    /// Training and validation loss per epoch (epochs numbered from 1), the best validation epoch
    /// marked; a log y axis when the loss spans decades.
    /// </summary>
    public static Figure TrainingCurves(IReadOnlyList<double> trainLoss, IReadOnlyList<double>? validationLoss = null,
        bool logY = false, string metric = "loss")
    {
        ArgumentNullException.ThrowIfNull(trainLoss);
        if (trainLoss.Count == 0) throw new ArgumentException("no epochs: the training loss is empty", nameof(trainLoss));
        if (validationLoss is not null && validationLoss.Count != trainLoss.Count)
            throw new ArgumentException($"{trainLoss.Count} training epochs but {validationLoss.Count} validation epochs: give one value per epoch for both");
        var epochs = Enumerable.Range(1, trainLoss.Count).Select(e => (double)e).ToArray();
        var fig = new Figure(new Scatter { X = epochs, Y = trainLoss, Mode = "lines+markers", Name = "training " + metric, Marker = new Marker { Size = 5 } });
        if (validationLoss is not null)
        {
            fig.Add(new Scatter { X = epochs, Y = validationLoss, Mode = "lines+markers", Name = "validation " + metric, Marker = new Marker { Size = 5 } });
            var best = ArgMin(validationLoss);
            if (best >= 0)
                fig.Add(new Scatter
                {
                    X = new[] { epochs[best] },
                    Y = new[] { validationLoss[best] },
                    Mode = "markers",
                    Name = $"best validation (epoch {best + 1})",
                    Marker = new Marker { Size = 14, Symbol = "star", Color = "#d62728" },
                });
        }
        fig.WithTitle("Training curves", "epoch", metric);
        if (logY) fig.WithLogY();
        return fig;
    }

    /// <summary>AIC and BIC against the number of mixture components, each minimum starred and the
    /// BIC choice marked by a dashed vertical line.</summary>
    public static Figure InformationCriteria(IReadOnlyList<int> components, IReadOnlyList<double> aic, IReadOnlyList<double> bic)
    {
        SameLength(components, "components", aic, "aic");
        SameLength(components, "components", bic, "bic");
        if (components.Count == 0) throw new ArgumentException("no component counts given", nameof(components));
        var k = components.Select(c => (double)c).ToArray();
        var fig = new Figure(
            new Scatter { X = k, Y = aic, Mode = "lines+markers", Name = "AIC", Marker = new Marker { Color = Palette[0] }, Line = new LineStyle { Color = Palette[0] } },
            new Scatter { X = k, Y = bic, Mode = "lines+markers", Name = "BIC", Marker = new Marker { Color = Palette[1] }, Line = new LineStyle { Color = Palette[1] } });
        int ia = ArgMin(aic), ib = ArgMin(bic);
        if (ia >= 0)
            fig.Add(new Scatter { X = new[] { k[ia] }, Y = new[] { aic[ia] }, Mode = "markers", Name = $"AIC minimum ({components[ia]})", Marker = new Marker { Size = 14, Symbol = "star", Color = Palette[0] } });
        if (ib >= 0)
        {
            fig.Add(new Scatter { X = new[] { k[ib] }, Y = new[] { bic[ib] }, Mode = "markers", Name = $"BIC minimum ({components[ib]})", Marker = new Marker { Size = 14, Symbol = "star", Color = Palette[1] } });
            (fig.Layout.Shapes ??= new()).Add(new Shape { X0 = k[ib], X1 = k[ib], Y0 = 0, Y1 = 1, XRef = "x", YRef = "y domain", Line = new LineStyle { Color = "#7f7f7f", Dash = "dash" } });
        }
        fig.WithTitle("Information criteria", "number of components", "criterion (lower is better)");
        return fig;
    }

    /// <summary>
    /// Distributions of a score (reconstruction loss, anomaly score, output probability) per group,
    /// overlaid on shared bins and normalised, with an optional threshold as a dashed vertical line.
    /// </summary>
    public static Figure ScoreDistribution(IReadOnlyList<(string Name, IReadOnlyList<double> Scores)> groups,
        string scoreName = "score", double? threshold = null, int bins = 50, bool normalised = true, bool logY = false)
    {
        var fig = Histograms(groups, bins, normalised);
        if (threshold is double t)
        {
            (fig.Layout.Shapes ??= new()).Add(new Shape { X0 = t, X1 = t, Y0 = 0, Y1 = 1, XRef = "x", YRef = "y domain", Line = new LineStyle { Color = "#000000", Dash = "dash", Width = 2 } });
            (fig.Layout.Annotations ??= new()).Add(new Annotation { Text = "threshold " + t.ToString("G4", CultureInfo.InvariantCulture), X = t, Y = 1, XRef = "x", YRef = "y domain", ShowArrow = false, XAnchor = "left", YAnchor = "top" });
        }
        fig.WithTitle($"Distribution of {scoreName}", scoreName);
        if (logY) fig.WithLogY();
        return fig;
    }

    /// <summary>A 2-D embedding (UMAP, t-SNE, PCA) coloured by cluster or class: one legend entry per label.</summary>
    public static Figure Embedding(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> labels,
        IReadOnlyList<string>? ids = null, string labelName = "cluster", string method = "UMAP") =>
        Embedding(x, y, labels.Select(l => l.ToString(CultureInfo.InvariantCulture)).ToArray(), ids, labelName, method);

    /// <summary>A 2-D embedding coloured by class name (one legend entry per class).</summary>
    public static Figure Embedding(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<string> labels,
        IReadOnlyList<string>? ids = null, string labelName = "class", string method = "UMAP")
    {
        var fig = Scatter(x, y, category: labels, hoverText: ids, colorTitle: labelName, markerSize: x.Count > 10_000 ? 3 : 5);
        return EmbeddingAxes(fig, method);
    }

    /// <summary>A 2-D embedding coloured by a value per point (probability, SNR) on a colour scale.</summary>
    public static Figure Embedding(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> values,
        string valueName, IReadOnlyList<string>? ids = null, string method = "UMAP")
    {
        var fig = Scatter(x, y, colorBy: values, colorTitle: valueName, hoverText: ids, markerSize: x.Count > 10_000 ? 3 : 5);
        return EmbeddingAxes(fig, method);
    }

    /// <summary>An embedding as the estimators return it (n × 2 or more, float32), coloured by cluster.</summary>
    public static Figure Embedding(float[,] embedding, IReadOnlyList<int> labels, IReadOnlyList<string>? ids = null,
        string labelName = "cluster", string method = "UMAP")
    {
        var (x, y) = FirstTwoColumns(embedding);
        return Embedding(x, y, labels, ids, labelName, method);
    }

    /// <summary>An embedding (n × 2 or more, float32) coloured by class name.</summary>
    public static Figure Embedding(float[,] embedding, IReadOnlyList<string> labels, IReadOnlyList<string>? ids = null,
        string labelName = "class", string method = "UMAP")
    {
        var (x, y) = FirstTwoColumns(embedding);
        return Embedding(x, y, labels, ids, labelName, method);
    }

    /// <summary>An embedding (n × 2 or more, float32) coloured by a value per point (probability, SNR).</summary>
    public static Figure Embedding(float[,] embedding, IReadOnlyList<double> values, string valueName,
        IReadOnlyList<string>? ids = null, string method = "UMAP")
    {
        var (x, y) = FirstTwoColumns(embedding);
        return Embedding(x, y, values, valueName, ids, method);
    }

    static (double[] X, double[] Y) FirstTwoColumns(float[,] embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        if (embedding.GetLength(1) < 2)
            throw new ArgumentException($"an embedding to plot needs 2 columns, but it is {embedding.GetLength(0)}×{embedding.GetLength(1)}", nameof(embedding));
        var n = embedding.GetLength(0);
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++) { x[i] = embedding[i, 0]; y[i] = embedding[i, 1]; }
        return (x, y);
    }

    static Figure EmbeddingAxes(Figure fig, string method) =>
        fig.WithTitle($"{method} embedding", $"{method} 1", $"{method} 2");

    /// <summary>
    /// A confusion matrix as a heatmap: rows are the true classes (top to bottom), columns the predicted
    /// ones; each cell shows the count and its percentage of the true class, coloured by that fraction.
    /// </summary>
    public static Figure ConfusionMatrix(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var classNames = matrix.ClassNames;
        var n = classNames.Count;
        var fraction = new double[n, n];
        var text = new string[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                fraction[i, j] = matrix.RowFraction(i, j);
                text[i, j] = string.Create(CultureInfo.InvariantCulture, $"{matrix.Counts[i, j]}<br>{100 * fraction[i, j]:F1}%");
            }
        var fig = new Figure(new Heatmap
        {
            Z = fraction,
            X = classNames,
            Y = classNames,
            Text = text,
            TextTemplate = "%{text}",
            ColorScale = "Blues",
            ReverseScale = true,
            ZMin = 0,
            ZMax = 1, // plotly's Blues runs dark → light ColorBar = new ColorBar { Title = "fraction of true class" },
            HoverTemplate = "true %{y}<br>predicted %{x}<br>%{text}<extra></extra>",
        });
        fig.WithTitle("Confusion matrix", "predicted class", "true class");
        fig.YAxis().AutoRange = "reversed";
        fig.XAxis().Type = "category";
        fig.YAxis().Type = "category";
        return fig;
    }

    static int ArgMin(IReadOnlyList<double> values)
    {
        var best = -1;
        for (var i = 0; i < values.Count; i++)
            if (double.IsFinite(values[i]) && (best < 0 || values[i] < values[best])) best = i;
        return best;
    }
}
