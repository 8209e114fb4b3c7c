namespace NotebookLib.Tests.Support;

/// <summary>Debian's python3-nbformat as the judge of .ipynb validity.</summary>
public static class NbformatOracle
{
    public static string Validate(string path) => Repo.RunPython("""
        import sys, nbformat
        nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)
        assert nb.nbformat == 4 and nb.nbformat_minor >= 5, (nb.nbformat, nb.nbformat_minor)
        nbformat.validate(nb)
        print("valid", end="")
        """, path);
}
