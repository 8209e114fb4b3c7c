using System.Text.Json.Nodes;
using NotebookLib.Configuration;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Configuration;

public class EnvironmentSettingsTests
{
    static readonly string EnvJson = Repo.PathOf("environment.json");

    [Fact]
    public void Reads_runtime_defaults_from_environment_json()
    {
        var runtime = JsonNode.Parse(File.ReadAllText(EnvJson))!["runtime"]!;
        var s = EnvironmentSettings.Load(EnvJson, new Dictionary<string, string?>());
        Assert.Equal((string)runtime["device"]!, s.Device);
        Assert.Equal((int)runtime["threads"]!, s.Threads);
        Assert.Equal((int)runtime["seed"]!, s.Seed);
        Assert.Equal((string)runtime["scale"]!, s.Scale);
        Assert.Equal(Path.GetFullPath(Path.Combine(Repo.Root, (string)runtime["dataCache"]!)), s.DataCache);
        Assert.Equal(Repo.Root, s.Root);
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        var s = EnvironmentSettings.Load(EnvJson, new Dictionary<string, string?>
        {
            ["NOTEBOOKLIB_DEVICE"] = "cpu", ["NOTEBOOKLIB_THREADS"] = "1", ["NOTEBOOKLIB_SEED"] = "7",
            ["NOTEBOOKLIB_SCALE"] = "smoke", ["NOTEBOOKLIB_DATA_CACHE"] = "/tmp/nbcache",
        });
        Assert.Equal(("cpu", 1, 7, "smoke", "/tmp/nbcache"), (s.Device, s.Threads, s.Seed, s.Scale, s.DataCache));
    }

    [Theory]
    [InlineData("NOTEBOOKLIB_DEVICE", "gpu", "device must be cpu, cuda or auto")]
    [InlineData("NOTEBOOKLIB_SCALE", "huge", "scale must be smoke, default or full")]
    [InlineData("NOTEBOOKLIB_THREADS", "two", "NOTEBOOKLIB_THREADS must be an integer")]
    public void Bad_values_name_the_setting(string variable, string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            EnvironmentSettings.Load(EnvJson, new Dictionary<string, string?> { [variable] = value }));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Package_json_mirrors_the_npm_versions_of_environment_json()
    {
        var npm = JsonNode.Parse(File.ReadAllText(EnvJson))!["npm"]!.AsObject();
        var deps = JsonNode.Parse(File.ReadAllText(Repo.PathOf("package.json")))!["dependencies"]!.AsObject();
        Assert.Equal(npm.Select(kv => $"{kv.Key}@{kv.Value}").OrderBy(x => x),
                     deps.Select(kv => $"{kv.Key}@{kv.Value}").OrderBy(x => x));
    }

    [Fact]
    public void Project_files_reference_exactly_the_nuget_versions_of_environment_json()
    {
        var pins = JsonNode.Parse(File.ReadAllText(EnvJson))!["nuget"]!.AsObject()
            .Where(kv => !kv.Key.StartsWith('$')).Select(kv => $"{kv.Key}@{kv.Value}").OrderBy(x => x);
        var referenced = new[] { "NotebookLib.csproj", "tests/NotebookLib.Tests/NotebookLib.Tests.csproj" }
            .SelectMany(f => System.Xml.Linq.XDocument.Load(Repo.PathOf(f)).Descendants("PackageReference"))
            .Select(e => $"{e.Attribute("Include")!.Value}@{e.Attribute("Version")!.Value}").OrderBy(x => x);
        Assert.Equal(pins, referenced);
    }
}
