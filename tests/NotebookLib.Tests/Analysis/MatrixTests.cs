using NotebookLib.Analysis;

namespace NotebookLib.Tests.Analysis;

public class MatrixTests
{
    [Fact]
    public void ConcatColumns_puts_the_matrices_side_by_side_row_by_row()
    {
        var a = new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } };
        var b = new float[,] { { 7 }, { 8 }, { 9 } };
        var c = new float[,] { { 10, 11, 12 }, { 13, 14, 15 }, { 16, 17, 18 } };
        var r = Matrix.ConcatColumns(a, b, c);
        Assert.Equal(3, r.GetLength(0));
        Assert.Equal(6, r.GetLength(1));
        Assert.Equal(new float[] { 1, 2, 7, 10, 11, 12 }, Enumerable.Range(0, 6).Select(j => r[0, j]));
        Assert.Equal(new float[] { 5, 6, 9, 16, 17, 18 }, Enumerable.Range(0, 6).Select(j => r[2, j]));
    }

    [Fact]
    public void ConcatColumns_refuses_matrices_of_different_row_counts()
    {
        var e = Assert.Throws<ArgumentException>(() => Matrix.ConcatColumns(new float[3, 2], new float[2, 2]));
        Assert.Contains("same number of rows", e.Message);
        Assert.Throws<ArgumentException>(() => Matrix.ConcatColumns());
    }
}
