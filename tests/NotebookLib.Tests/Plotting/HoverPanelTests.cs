using NotebookLib.Imaging;
using NotebookLib.Plotting;

namespace NotebookLib.Tests.Plotting;

public class HoverPanelTests
{
    [Fact]
    public void Each_point_carries_its_own_panel_and_a_handler_fills_the_panel_on_hover_and_click()
    {
        var xy = new float[,] { { 0, 0 }, { 1, 1 }, { 2, 0 }, { 3, 1 } };
        var labels = new[] { "a", "b", "a", "b" };
        var panels = Enumerable.Range(0, 4).Select(i => $"<b>point {i}</b>").ToArray();
        var hp = HoverPanel.Embedding(xy, labels, labels.Select((l, i) => $"{l}{i}").ToArray(), panels, labelName: "kind");
        // One trace a class, in order of first appearance; each point's panel beside its hover text and coordinates.
        Assert.Equal(2, hp.Figure.Data.Count);
        var a = (Scatter)hp.Figure.Data[0];
        Assert.Equal("a", a.Name);
        Assert.Equal(new[] { 0.0, 2.0 }, (double[])a.X!);
        Assert.Equal(new[] { "a0", "a2" }, (string[])a.HoverText!);
        Assert.Equal(new[] { panels[0], panels[2] }, (string[])a.Extra!["customdata"]!);
        var html = hp.WithTitle("map").ToHtml(notebook: false);
        Assert.Contains("plotly_hover", html);
        Assert.Contains("plotly_click", html);
        Assert.Contains("-panel", html);
        Assert.Contains("\\u003Cb\\u003Epoint 3", html);   // the panels travel in the figure's JSON, escaped
        Assert.Throws<ArgumentException>(() => HoverPanel.Embedding(xy, labels, labels, panels.Take(3).ToArray()));
    }

    [Fact]
    public void A_light_curve_is_svg_with_a_point_and_an_error_bar_per_visit_and_an_image_is_an_img()
    {
        var svg = HoverPanel.LightCurveSvg(new[] { 1.0, 2, 3 }, new[] { 5.0, 20, -2 }, new[] { 1.0, 2, 1 }, title: "flux");
        Assert.StartsWith("<svg", svg);
        Assert.Equal(3, svg.Split("<circle").Length - 1);
        Assert.Equal(3 + 1, svg.Split("<line").Length - 1);   // three error bars and the zero line
        Assert.Contains("flux", svg);
        var img = HoverPanel.ImageHtml(RgbImage.FromImage(new Image(30, 15, new float[450])), 120);
        Assert.Contains("data:image/png;base64,", img);
        Assert.Contains("height=\"60\"", img);
    }
}
