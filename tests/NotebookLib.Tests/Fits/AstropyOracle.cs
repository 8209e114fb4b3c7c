using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Fits;

/// <summary>What astropy (Debian python3-astropy) reads from FITS files, via astropy_dump.py,
/// and the comparisons of our values with it.</summary>
public static class AstropyOracle
{
    public static readonly string TestData = "/usr/lib/python3/dist-packages/astropy/io/fits/tests/data";

    /// <summary>One Python run for several files: path → {"hdus": [...]} or {"error": "..."}.</summary>
    public static JsonObject Dump(params string[] paths) =>
        JsonNode.Parse(Repo.RunPython(File.ReadAllText(Repo.PathOf("tests", "NotebookLib.Tests", "Fits", "astropy_dump.py")), paths))!.AsObject();

    public static double Real(JsonNode? n) => n!.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? double.Parse(n.GetValue<string>(), CultureInfo.InvariantCulture) : n.GetValue<double>();

    /// <summary>Checks a header value against astropy's ["b"|"i"|"f"|"c"|"s"|"u", value] pair.</summary>
    public static void AssertValue(JsonNode expected, object? actual, string context)
    {
        var kind = (string)expected[0]!;
        var v = expected[1];
        switch (kind)
        {
            case "b": Assert.True(actual is bool b && b == v!.GetValue<bool>(), $"{context}: astropy {v}, ours {actual}"); break;
            case "i": Assert.True(actual is long l && l.ToString(CultureInfo.InvariantCulture) == v!.GetValue<string>(), $"{context}: astropy {v}, ours {actual} ({actual?.GetType().Name})"); break;
            case "f":
            {
                var e = double.Parse(v!.GetValue<string>().Replace("nan", "NaN").Replace("inf", "Infinity"), CultureInfo.InvariantCulture);
                Assert.True(actual is double d && Close(e, d, 1e-15), $"{context}: astropy {e:R}, ours {actual} ({actual?.GetType().Name})");
                break;
            }
            case "c":
            {
                var e = new Complex(double.Parse(v![0]!.GetValue<string>(), CultureInfo.InvariantCulture), double.Parse(v[1]!.GetValue<string>(), CultureInfo.InvariantCulture));
                Assert.True(actual is Complex c && Close(e.Real, c.Real, 1e-15) && Close(e.Imaginary, c.Imaginary, 1e-15), $"{context}: astropy {e}, ours {actual}");
                break;
            }
            case "s": Assert.True(actual is string s && s == v!.GetValue<string>(), $"{context}: astropy '{v}', ours '{actual}'"); break;
            case "u": Assert.True(actual is null, $"{context}: astropy undefined, ours {actual}"); break;
            default: throw new InvalidOperationException(kind);
        }
    }

    public static bool Close(double expected, double actual, double rel, double abs = 0) =>
        double.IsNaN(expected) ? double.IsNaN(actual)
        : double.IsInfinity(expected) ? expected == actual
        : Math.Abs(expected - actual) <= rel * Math.Abs(expected) + abs;

    /// <summary>Relative precision of a numpy dtype string ("&gt;f4", "&lt;f8", "&gt;i2", …).</summary>
    public static double Precision(string dtype) => dtype[1..] switch
    {
        "f4" or "c8" => 2e-7,
        "f8" or "c16" => 1e-15,
        _ => 0,
    };

    /// <summary>Compares one table cell: astropy's JSON (scalar or list) against ours (scalar or array).</summary>
    public static void AssertCell(JsonNode? expected, object? actual, double rel, string context)
    {
        var e = expected is JsonArray ea && !(actual is Complex) ? ea.ToList() : [expected];
        var a = actual is Array arr ? arr.Cast<object?>().ToList() : [actual];
        Assert.True(e.Count == a.Count, $"{context}: astropy has {e.Count} element(s), ours {a.Count}");
        for (int i = 0; i < e.Count; i++)
        {
            var x = e[i]; var y = a[i];
            var where = e.Count > 1 ? $"{context}[{i}]" : context;
            switch (y)
            {
                case string s: Assert.True(x!.GetValue<string>() == s, $"{where}: astropy '{x}', ours '{s}'"); break;
                case bool b: Assert.True(x!.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False && x.GetValue<bool>() == b, $"{where}: astropy {x}, ours {b}"); break;
                case Complex c:
                    Assert.True(Close(Real(x![0]), c.Real, rel, 1e-300) && Close(Real(x[1]), c.Imaginary, rel, 1e-300), $"{where}: astropy {x.ToJsonString()}, ours {c}");
                    break;
                case float or double:
                {
                    var d = Convert.ToDouble(y, CultureInfo.InvariantCulture);
                    Assert.True(Close(Real(x), d, Math.Max(rel, y is float ? 2e-7 : 0)), $"{where}: astropy {x}, ours {d:R}");
                    break;
                }
                default:
                {
                    var m = Convert.ToDecimal(y, CultureInfo.InvariantCulture);
                    Assert.True(x!.GetValueKind() == System.Text.Json.JsonValueKind.Number && x.GetValue<decimal>() == m, $"{where}: astropy {x}, ours {m}");
                    break;
                }
            }
        }
    }
}
