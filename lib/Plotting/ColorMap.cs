namespace NotebookLib.Plotting;

/// <summary>An 8-bit RGBA colour.</summary>
public readonly record struct Color(byte R, byte G, byte B, byte A = 255)
{
    public static Color Black => new(0, 0, 0);
    public static Color White => new(255, 255, 255);
    public static Color Red => new(255, 0, 0);
    public static Color Green => new(0, 200, 0);
    public static Color Blue => new(0, 90, 255);
    public static Color Yellow => new(255, 220, 0);
    public static Color Magenta => new(255, 0, 255);
    public static Color Cyan => new(0, 220, 255);
    public static Color Gray => new(128, 128, 128);
    public static Color Transparent => new(0, 0, 0, 0);

    /// <summary>"#rrggbb" (the alpha is left out).</summary>
    public string ToHex() => $"#{R:x2}{G:x2}{B:x2}";
}

/// <summary>
/// A 256-entry colour table: value 0 → first colour, 1 → last. Viridis and magma are matplotlib's
/// tables (Stéfan van der Walt and Nathaniel Smith, CC0) in 8 bits as matplotlib draws them (cmap(i, bytes=True)).
/// </summary>
public sealed class ColorMap
{
    readonly byte[] table; // 256 × RGB

    ColorMap(string name, byte[] table)
    {
        Name = name;
        this.table = table;
    }

    public string Name { get; }

    public static ColorMap Gray { get; } = new("gray", Enumerable.Range(0, 256).SelectMany(i => new[] { (byte)i, (byte)i, (byte)i }).ToArray());
    public static ColorMap Viridis { get; } = new("viridis", Convert.FromHexString("44015444025544035745055845065a45085b46095c460b5e460c5f460e61470f6247116347126547146647156747166947186a48196b481a6c481c6e481d6f481e70482071482172482273482374472575472676472777472878472a79472b7a472c7b462d7c462f7c46307d46317e45327f45347f453580453681443781443982433a83433b83433c84423d84423e854240854141864142864043874044873f45873f47883e48883e49893d4a893d4b893d4c893c4d8a3c4e8a3b508a3b518a3a528b3a538b39548b39558b38568b38578c37588c37598c365a8c365b8c355c8c355d8c345e8d345f8d33608d33618d32628d32638d31648d31658d31668d30678d30688d2f698d2f6a8d2e6b8e2e6c8e2e6d8e2d6e8e2d6f8e2c708e2c718e2c728e2b738e2b748e2a758e2a768e2a778e29788e29798e287a8e287a8e287b8e277c8e277d8e277e8e267f8e26808e26818e25828e25838d24848d24858d24868d23878d23888d23898d22898d228a8d228b8d218c8d218d8c218e8c208f8c20908c20918c1f928c1f938b1f948b1f958b1f968b1e978a1e988a1e998a1e998a1e9a891e9b891e9c891e9d881e9e881e9f881ea0871fa1871fa2861fa38620a48520a58521a68521a78422a78423a88323a98224aa8225ab8126ac8127ad8028ae7f29af7f2ab07e2bb17d2cb17d2eb27c2fb37b30b47a32b57a33b67935b77836b87738b97639b9763bba753dbb743ebc7340bd7242be7144be7045bf6f47c06e49c16d4bc26c4dc26b4fc36951c46853c56755c66657c66559c7645bc8625ec96160c96062ca5f64cb5d67cc5c69cc5b6bcd596dce5870ce5672cf5574d05477d05279d1517cd24f7ed24e81d34c83d34b86d44988d5478bd5468dd64490d64392d74195d73f97d83e9ad83c9dd93a9fd938a2da37a5da35a7db33aadb32addc30afdc2eb2dd2cb5dd2bb7dd29bade27bdde26bfdf24c2df22c5df21c7e01fcae01ecde01dcfe11cd2e11bd4e11ad7e219dae218dce218dfe318e1e318e4e318e7e419e9e419ece41aeee51bf1e51cf3e51ef6e61ff8e621fae622fde724"));
    public static ColorMap Magma { get; } = new("magma", Convert.FromHexString("00000300000400000601000701010901010b02020d02020f03031104031304041505041706051907051b08061d09071f0a07220b08240c09260d0a280e0a2a0f0b2c100c2f110c31120d33140d35150e38160e3a170f3c180f3f1a10411b10441c10461e10491f114b20114d2211502311522511552611572811592a115c2b115e2d10602f1062301065321067341068350f6a370f6c390f6e3b0f6f3c0f713e0f72400f73420f74430f75450f76470f774810784a10794b10794d117a4f117b50127b52127c53137c55137d57147d58157e5a157e5b167e5d177e5e177f60187f61187f63197f651a80661a80681b80691c806b1c806c1d806e1e816f1e81711f81731f817420817621817721817922817a22817c23817e24817f24818125818225818426818526818727818928818a28818c29808d29808f2a80912a80922b80942b80952c80972c7f992d7f9a2d7f9c2e7f9e2e7e9f2f7ea12f7ea3307ea4307da6317da7317da9327cab337cac337bae347bb0347bb1357ab3357ab53679b63679b83778b93778bb3877bd3977be3976c03a75c23a75c33b74c53c74c63c73c83d72ca3e72cb3e71cd3f70ce4070d0416fd1426ed3426dd4436dd6446cd7456bd9466ada4769dc4869dd4968de4a67e04b66e14c66e24d65e44e64e55063e65162e75262e85461ea5560eb5660ec585fed595fee5b5eee5d5def5e5df0605df1615cf2635cf3655cf3675bf4685bf56a5bf56c5bf66e5bf6705bf7715bf7735cf8755cf8775cf9795cf97b5df97d5dfa7f5efa805efa825ffb8460fb8660fb8861fb8a62fc8c63fc8e63fc9064fc9265fc9366fd9567fd9768fd9969fd9b6afd9d6bfd9f6cfda16efda26ffda470fea671fea873feaa74feac75feae76feaf78feb179feb37bfeb57cfeb77dfeb97ffebb80febc82febe83fec085fec286fec488fec689fec78bfec98dfecb8efdcd90fdcf92fdd193fdd295fdd497fdd698fdd89afdda9cfddc9dfddd9ffddfa1fde1a3fce3a5fce5a6fce6a8fce8aafceaacfcecaefceeb0fcf0b1fcf1b3fcf3b5fcf5b7fbf7b9fbf9bbfbfabdfbfcbf"));

    public static ColorMap ByName(string name) => name.ToLowerInvariant() switch
    {
        "gray" or "grey" => Gray,
        "viridis" => Viridis,
        "magma" => Magma,
        _ => throw new ArgumentException($"unknown colour map '{name}': gray, viridis or magma"),
    };

    /// <summary>The colour of table entry <paramref name="index"/> (0–255).</summary>
    public Color this[int index] => new(table[3 * index], table[3 * index + 1], table[3 * index + 2]);

    /// <summary>The colour of a value in [0, 1] (clipped): entry floor(256 · t), 1 → 255, as matplotlib indexes its tables.</summary>
    public Color Map(double t) => this[Index(t)];

    internal static int Index(double t) => double.IsNaN(t) ? 0 : Math.Min(255, (int)Math.Floor(Math.Clamp(t, 0, 1) * 256));

    public override string ToString() => Name;
}
