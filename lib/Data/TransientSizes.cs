namespace NotebookLib.Data;

/// <summary>
/// Notebook 03's sizes at one scale (see <see cref="DefaultData.Transients"/>): how many HSC-like fields
/// (CCDs) and visits it makes, and how much work the networks do on their DIA sources.
/// </summary>
public sealed record TransientSizes
{
    /// <summary>Fields (CCDs) generated, each with <see cref="HscTransientOptions.Visits"/> visits.</summary>
    public required int Fields { get; init; }
    public required HscTransientOptions Options { get; init; }
    /// <summary>Epochs of the plain CNN and of each co-teaching run.</summary>
    public required int Epochs { get; init; }
    /// <summary>Filters of the CNN's two convolutions (the talk's network: 32 and 64).</summary>
    public int Filters1 { get; init; } = 32;
    public int Filters2 { get; init; } = 64;
    public int BatchSize { get; init; } = 64;
    /// <summary>At most this many DIA sources in each UMAP of the latent space, evenly spread.</summary>
    public required int UmapPoints { get; init; }
    /// <summary>At most this many points of the interactive UMAP carry a hover panel (a cut-out and a light curve, a few kB each).</summary>
    public int HoverPoints { get; init; } = 600;
}
