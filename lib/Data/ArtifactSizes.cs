namespace NotebookLib.Data;

/// <summary>
/// Notebook 04's sizes at one scale (see <see cref="DefaultData.Cfis"/>): how many mock CFIS galaxies it
/// makes (each as a tar archive of camera views) and how much training each autoencoder gets.
/// </summary>
public sealed record ArtifactSizes
{
    /// <summary>Galaxies, each stored as a tar archive of <see cref="Views"/> FITS views.</summary>
    public required int Galaxies { get; init; }
    /// <summary>Camera views per galaxy (RealSimCFIS: 4).</summary>
    public int Views { get; init; } = 4;
    /// <summary>Side of the stored views in pixels, before resizing to <see cref="Side"/>.</summary>
    public int StoredSide { get; init; } = 160;
    /// <summary>Side the talk resizes every view to.</summary>
    public int Side { get; init; } = 128;
    /// <summary>Images the 69-million-parameter dense autoencoder trains on (a tenth more validate it), and its epochs.</summary>
    public required int DenseImages { get; init; }
    public required int DenseEpochs { get; init; }
    /// <summary>Training images of the CNN autoencoder (at most the 90 % of galaxies set aside for training; a
    /// tenth as many validate it), and its epochs.</summary>
    public required int ConvImages { get; init; }
    public required int ConvEpochs { get; init; }

    /// <summary>All images: galaxies × views.</summary>
    public int Images => Galaxies * Views;

    /// <summary>The generator's options for these galaxies.</summary>
    public CfisGalaxyOptions Options => new() { Count = Images, Views = Views, Size = StoredSide };
}
