using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookLib.Data;
using NotebookLib.Tests.Support;

namespace NotebookLib.Tests.Data;

public class ManifestTests
{
    static readonly string Folder = Repo.PathOf("data-manifests");
    static readonly JsonSchemaValidator Schema = JsonSchemaValidator.FromFile(Path.Combine(Folder, "manifest.schema.json"));

    public static TheoryData<string> ManifestFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Repo.PathOf("data-manifests"), "*.json").Where(f => !f.EndsWith(".schema.json")).Order())
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Every_manifest_validates_against_the_schema(string file)
    {
        var errors = Schema.Validate(JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file))));
        Assert.True(errors.Count == 0, $"{file}:\n" + string.Join("\n", errors));
        var m = DataManifest.Load(Path.Combine(Folder, file));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), m.Name);
        if (m.Kind == "remote") Assert.False(m.Files.Count > 0 && m.Files.All(f => f.Url is null) && m.Downloadable != false, "a remote manifest without URLs must say downloadable: false");
        if (m.Kind == "debian") Assert.All(m.Files, f => Assert.True(f.Path is not null && f.Size is not null && f.Sha256 is not null, $"{f.Name}: path, size and sha256"));
        if (m.Kind == "synthetic")
            Assert.True(typeof(DataManifest).Assembly.GetType(m.Origin.Generator!) is not null, $"{m.Origin.Generator} is not a type in NotebookLib");
        if (m.Fallback is string fb) Assert.Contains(fb.Split(' ')[0], DataManifest.Names());
    }

    [Fact]
    public void The_talks_datasets_and_the_debian_frames_all_have_manifests()
    {
        var names = DataManifest.Names();
        foreach (var n in new[] { "euclid-nisp-calblock-f-006-darks", "synthetic-nisp-slew-darks", "eso-uves-calibrations", "synthetic-uves-calibrations", "hsc-rc2", "synthetic-hsc-transients", "realsim-cfis", "synthetic-cfis-galaxies", "des-galaxy-cutouts", "synthetic-galaxy-cutouts",
                                  "hst-acs-drizzle-testdata", "eso-midas-testdata-frames", "gemini-gmos-astroscrappy", "ngc1316-fv-samples" })
            Assert.Contains(n, names);
        var euclid = DataManifest.Named("euclid-nisp-calblock-f-006-darks");
        Assert.Contains("CALBLOCK-F-006", euclid.Origin.Query);
        Assert.Contains("CLOSED", euclid.Origin.Query);
        Assert.Contains("detector 11", euclid.Origin.Query);
        Assert.Contains("2025-01-10", euclid.Origin.Query);
    }

    [Fact]
    public void Installed_debian_frames_match_their_manifests_in_size_checksum_and_shape()
    {
        var files = DataManifest.All().Where(m => m.Kind == "debian").SelectMany(m => m.Files).ToList();
        Assert.True(files.Count >= 12);
        foreach (var f in files) Assert.Null(DataFetcher.Check(f.Path!, f));
        // astropy is the oracle for the shape of the first image with data.
        var shapes = Repo.RunPython("""
            import sys, json, warnings
            warnings.simplefilter("ignore")
            from astropy.io import fits
            out = []
            for p in sys.argv[1:]:
                with fits.open(p) as hl:
                    out.append(list([h for h in hl if h.is_image and h.header.get("NAXIS", 0) > 0][0].data.shape))
            print(json.dumps(out))
            """, files.Select(f => f.Path!).ToArray());
        var expected = JsonSerializer.Deserialize<int[][]>(shapes)!;
        for (var i = 0; i < files.Count; i++) Assert.Equal(expected[i], files[i].Shape);
    }

    [Fact]
    public void Validator_reports_each_violation_with_its_json_pointer()
    {
        var v = new JsonSchemaValidator(JsonNode.Parse("""
            { "type": "object", "required": ["a", "b"], "additionalProperties": false,
              "properties": { "a": { "type": "integer", "minimum": 1 }, "b": { "$ref": "#/$defs/list" }, "c": { "enum": ["x", "y"] },
                              "d": { "anyOf": [ { "type": "string", "pattern": "^[0-9a-f]+$" }, { "type": "null" } ] } },
              "$defs": { "list": { "type": "array", "minItems": 2, "uniqueItems": true, "items": { "type": "string", "minLength": 2 } } } }
            """)!);
        Assert.Empty(v.Validate(JsonNode.Parse("""{ "a": 3, "b": ["ab", "cd"], "c": "x", "d": null }""")));
        Assert.Empty(v.Validate(JsonNode.Parse("""{ "a": 3, "b": ["ab", "cd"], "d": "0fa" }""")));
        var errors = v.Validate(JsonNode.Parse("""{ "a": 0.5, "b": ["ab", "ab", "c"], "c": "z", "d": "XYZ", "e": 1 }"""));
        Assert.Contains(errors, e => e.StartsWith("/a: expected integer"));
        Assert.Contains(errors, e => e.StartsWith("/b: items 0 and 1 are equal"));
        Assert.Contains(errors, e => e.StartsWith("/b/2: string shorter than 2"));
        Assert.Contains(errors, e => e.StartsWith("/c: \"z\" is not one of"));
        Assert.Contains(errors, e => e.StartsWith("/d: matches none of the 2 alternatives"));
        Assert.Contains(errors, e => e.Contains("property 'e' is not allowed"));
        Assert.Equal(6, errors.Count);
        Assert.Contains(v.Validate(JsonNode.Parse("""{ "a": 1 }""")), e => e == "/: required property 'b' is missing");
        Assert.Contains(v.Validate(JsonNode.Parse("""{ "a": 0, "b": ["ab", "cd"] }""")), e => e.StartsWith("/a: 0 is below the minimum 1"));
        var unsupported = Assert.Throws<NotSupportedException>(() => new JsonSchemaValidator(JsonNode.Parse("""{ "properties": { "x": { "oneOf": [] } } }""")!));
        Assert.Contains("oneOf", unsupported.Message);
        Assert.Contains("#/properties/x", unsupported.Message);
    }

    [Fact]
    public void A_manifest_that_breaks_the_schema_is_refused_naming_the_file_and_the_property()
    {
        var dir = Repo.TempDir("manifest-bad");
        File.Copy(Path.Combine(Folder, "manifest.schema.json"), Path.Combine(dir, "manifest.schema.json"));
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "euclid-nisp-calblock-f-006-darks.json")))!;
        node["kind"] = "torrent";
        node.AsObject().Remove("licence");
        var path = Path.Combine(dir, "euclid-nisp-calblock-f-006-darks.json");
        File.WriteAllText(path, node.ToJsonString());
        var e = Assert.Throws<InvalidDataException>(() => DataManifest.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("/kind", e.Message);
        Assert.Contains("'licence' is missing", e.Message);
    }
}
