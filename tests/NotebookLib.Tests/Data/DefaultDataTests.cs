using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookLib.Data;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Data;

/// <summary>DefaultData is the one place that says what each scale means for each notebook.</summary>
public class DefaultDataTests
{
    static readonly string[] Scales = ["smoke", "default", "full"];

    [Fact]
    public void Notebook_01_grows_with_the_scale_and_tiles_its_frames_with_34_pixel_patches()
    {
        var sizes = Scales.Select(s => DefaultData.Persistence(s)).ToList();
        foreach (var s in sizes)
        {
            Assert.Equal(0, (s.FrameSize - 2 * s.DarkOptions.ReferenceBorder) % 34);   // the notebook's default patch side
            Assert.InRange(s.UnetFrames, 1, s.Frames);
        }
        int[] Of(Func<PersistenceSizes, int> f) => sizes.Select(f).ToArray();
        foreach (var column in new Func<PersistenceSizes, int>[] { s => s.Frames, s => s.FrameSize, s => s.MaxComponents, s => s.TrainPatches,
                     s => s.SearchPatches, s => s.SearchEpochs, s => s.SearchTrials, s => s.Epochs, s => s.UnetPatches, s => s.UnetEpochs })
            Assert.Equal(Of(column).Order(), Of(column));
        Assert.Equal((2048, 54), (sizes[2].FrameSize, sizes[2].Frames));   // the talk's detector and calibration block
        Assert.Equal(256, sizes[0].RealFrameSide);
        Assert.Null(sizes[2].RealFrameSide);
    }

    [Fact]
    public void A_scale_that_is_not_smoke_default_or_full_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => DefaultData.Persistence("huge"));
        Assert.Contains("scale must be smoke, default or full, not 'huge'", e.Message);
    }

    [Fact]
    public void Notebook_01_reads_its_sizes_from_DefaultData_and_decides_none_by_scale_itself()
    {
        var cells = JsonNode.Parse(File.ReadAllText(Repo.PathOf("notebooks", "01-persistence-detection.ipynb")))!["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "code")
            .Select(c => c!["source"] is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)c!["source"] ?? "")   // nbformat: a list of lines or one string
            .ToList();
        Assert.Contains(cells, c => c.Contains("DefaultData.Persistence(scale)"));
        var uses = cells.SelectMany(c => c.Split('\n')).Select(l => Regex.Replace(l, "//.*$", ""))   // code, not comments
            .Where(l => Regex.IsMatch(l, @"\bscale\b")).ToList();
        Assert.Equal(3, uses.Count);
        // scale is declared, handed to DefaultData and shown; it decides nothing else.
        Assert.All(uses, l => Assert.Matches(@"var scale = |DefaultData\.Persistence\(scale\)|\(""scale"", scale\)", l));
    }
}
