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
            ["NOTEBOOKLIB_DEVICE"] = "cpu",
            ["NOTEBOOKLIB_THREADS"] = "1",
            ["NOTEBOOKLIB_SEED"] = "7",
            ["NOTEBOOKLIB_SCALE"] = "smoke",
            ["NOTEBOOKLIB_DATA_CACHE"] = "/tmp/nbcache",
        });
        Assert.Equal(("cpu", 1, 7, "smoke", "/tmp/nbcache"), (s.Device, s.Threads, s.Seed, s.Scale, s.DataCache));
    }

    [Theory]
    [InlineData("NOTEBOOKLIB_DEVICE", "gpu", "device (environment.json runtime.device or NOTEBOOKLIB_DEVICE) must be cpu, cuda, cuda:N or auto, not 'gpu'")]
    [InlineData("NOTEBOOKLIB_DEVICE", "cuda:x", "must be cpu, cuda, cuda:N or auto, not 'cuda:x'")]
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
    public void Every_project_takes_its_package_versions_from_Directory_Packages_props()
    {
        var pinned = System.Xml.Linq.XDocument.Load(Repo.PathOf("Directory.Packages.props")).Descendants("PackageVersion")
            .Select(e => e.Attribute("Include")!.Value).ToHashSet();
        var projects = Directory.EnumerateFiles(Repo.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/build/") && !f.Contains("/node_modules/")).ToList();
        Assert.NotEmpty(projects);
        foreach (var project in projects)
            foreach (var reference in System.Xml.Linq.XDocument.Load(project).Descendants("PackageReference"))
            {
                var name = reference.Attribute("Include")!.Value;
                Assert.True(reference.Attribute("Version") is null, $"{project}: {name} names its own version; put it in Directory.Packages.props");
                Assert.True(pinned.Contains(name), $"{project}: {name} has no PackageVersion in Directory.Packages.props");
            }
    }
}
