using System.Text;

namespace NotebookLib.FitsFuzz;

/// <summary>One corrupted file and how it was made (the name a crash report gives).</summary>
public sealed record FuzzCase(int Number, string Path, string Mutation);

/// <summary>
/// Seeded corruptions of valid seed files, the kinds a hostile but fair tester tries: header
/// byte flips, printable and non-ASCII bytes in values, huge or negative NAXISn, bad BITPIX,
/// missing END, truncation (in the data and in the final padding), extensions that claim more
/// data than the file has, corrupt variable-length descriptors, broken tile-compression cards,
/// damaged BLANK cards, and IEEE specials in float data.
/// </summary>
public sealed class Mutator(IReadOnlyList<string> seeds, int seed)
{
    readonly Random rng = new(seed);
    static readonly Encoding Latin1 = Encoding.Latin1;

    public FuzzCase Make(int number, string directory)
    {
        var source = seeds[rng.Next(seeds.Count)];
        var bytes = File.ReadAllBytes(source);
        bool gz = source.EndsWith(".gz", StringComparison.Ordinal);
        string what = gz ? GzMutation(ref bytes) : Mutate(ref bytes);
        var path = System.IO.Path.Combine(directory, $"case{number:D5}-{System.IO.Path.GetFileName(source)}");
        File.WriteAllBytes(path, bytes);
        return new FuzzCase(number, path, $"{System.IO.Path.GetFileName(source)}: {what}");
    }

    string GzMutation(ref byte[] b)
    {
        if (rng.Next(2) == 0) { int cut = rng.Next(10, b.Length); b = b[..cut]; return $"gzip stream cut at byte {cut}"; }
        int i = rng.Next(10, b.Length - 8); var old = b[i]; b[i] ^= (byte)(1 << rng.Next(8));
        return $"gzip byte {i} 0x{old:x2} -> 0x{b[i]:x2}";
    }

    string Mutate(ref byte[] b)
    {
        var cards = Cards(b);
        switch (rng.Next(13))
        {
            case 0:
            {
                var (pos, _) = cards[rng.Next(cards.Count)];
                int i = pos + rng.Next(80); var old = b[i]; b[i] = (byte)rng.Next(256);
                return $"header byte {i} 0x{old:x2} -> 0x{b[i]:x2}";
            }
            case 1:
            {
                var (pos, _) = cards[rng.Next(cards.Count)];
                const string specials = "('=/&\"\\)0123456789 .-+EDTF";
                int i = pos + 8 + rng.Next(72); var old = b[i]; b[i] = (byte)specials[rng.Next(specials.Length)];
                return $"header byte {i} '{(char)old}' -> '{(char)b[i]}'";
            }
            case 2:
            {
                var hits = Find(cards, k => k.StartsWith("NAXIS", StringComparison.Ordinal) && k.Length > 5);
                if (hits.Count == 0) goto case 0;
                var (pos, key) = hits[rng.Next(hits.Count)];
                string[] values = ["2147483648", "4294967296", "1099511627776", "9223372036854775807", "-1", "-2147483649", "99999999999999999999", "0", "3000000"];
                var v = values[rng.Next(values.Length)];
                SetValue(b, pos, v);
                return $"{key} = {v}";
            }
            case 3:
            {
                var hits = Find(cards, k => k is "BITPIX" or "ZBITPIX");
                if (hits.Count == 0) goto case 0;
                var (pos, key) = hits[rng.Next(hits.Count)];
                string[] values = ["7", "0", "-16", "24", "128", "-8", "'16'", "16.5"];
                var v = values[rng.Next(values.Length)];
                SetValue(b, pos, v);
                return $"{key} = {v}";
            }
            case 4:
            {
                var ends = Find(cards, k => k == "END", includeEnd: true);
                var (pos, _) = ends[rng.Next(ends.Count)];
                b[pos + 2] = (byte)'X';
                return $"END at byte {pos} -> ENX";
            }
            case 5:
            {
                int cut = rng.Next(3) switch { 0 => rng.Next(b.Length), 1 => b.Length - rng.Next(1, 2880), _ => b.Length - rng.Next(1, 40) };
                b = b[..Math.Max(0, cut)];
                return $"cut at byte {cut} of {b.Length}";
            }
            case 6:
            {
                var (pos, key) = cards[rng.Next(cards.Count)];
                int i = pos + 10 + rng.Next(20); var old = b[i]; b[i] = (byte)(0x80 + rng.Next(128));
                return $"{key} value byte {i} 0x{old:x2} -> 0x{b[i]:x2}";
            }
            case 7:
            {
                var hits = Find(cards, k => k is "NAXIS2" or "PCOUNT" or "GCOUNT" or "NAXIS1");
                if (hits.Count == 0) goto case 0;
                var (pos, key) = hits[rng.Next(hits.Count)];
                var old = Value(b, pos);
                var v = long.TryParse(old, out var n) ? (n * (rng.Next(2) == 0 ? 1000 : 3) + 1).ToString() : "100000";
                SetValue(b, pos, v);
                return $"{key} = {v} (was {old})";
            }
            case 8:
            {
                // Variable-length descriptors and other data bytes: flip bytes after the last header.
                var last = cards[^1].pos / 2880 * 2880 + 2880;
                if (last >= b.Length) goto case 0;
                int n = rng.Next(1, 5);
                var where = new List<string>();
                for (int k = 0; k < n; k++) { int i = rng.Next(last, b.Length); b[i] = (byte)rng.Next(256); where.Add(i.ToString()); }
                return $"data bytes {string.Join(",", where)} randomised";
            }
            case 9:
            {
                var hits = Find(cards, k => k.StartsWith('Z') || k.StartsWith("TFORM", StringComparison.Ordinal) || k.StartsWith("TDIM", StringComparison.Ordinal));
                if (hits.Count == 0) goto case 1;
                var (pos, key) = hits[rng.Next(hits.Count)];
                const string specials = "('\"/=&";
                int i = pos + 9 + rng.Next(71); var old = b[i]; b[i] = (byte)specials[rng.Next(specials.Length)];
                return $"{key} byte {i - pos} '{(char)old}' -> '{(char)b[i]}'";
            }
            case 10:
            {
                var hits = Find(cards, k => k is "BLANK" or "BSCALE" or "BZERO");
                if (hits.Count == 0) goto case 6;
                var (pos, key) = hits[rng.Next(hits.Count)];
                int i = rng.Next(3) switch { 0 => pos + rng.Next(8), 1 => pos + 8 + rng.Next(2), _ => pos + 10 + rng.Next(20) };
                var old = b[i]; b[i] = rng.Next(2) == 0 ? (byte)(0x80 + rng.Next(128)) : (byte)"?=' 7x"[rng.Next(6)];
                return $"{key} byte {i - pos} 0x{old:x2} -> 0x{b[i]:x2}";
            }
            case 11:
            {
                // IEEE specials in float data: denormals, zeros of either sign, infinities, NaNs.
                var hits = Find(cards, k => k == "BITPIX");
                var data = b;
                var floats = hits.Where(h => Value(data, h.pos) is "-32" or "-64").ToList();
                var last = cards[^1].pos / 2880 * 2880 + 2880;
                if (floats.Count == 0 || last + 8 >= b.Length) goto case 8;
                int n = rng.Next(1, 6);
                for (int k = 0; k < n; k++)
                {
                    int i = last + rng.Next((b.Length - last) / 4) * 4;
                    byte[][] specials = [[0x00, 0x00, 0x00, 0x01], [0x80, 0x00, 0x00, 0x00], [0x00, 0x7f, 0xff, 0xff], [0x7f, 0x80, 0x00, 0x00], [0xff, 0xc0, 0x00, 0x01], [0x00, 0x10, 0x00, 0x00]];
                    specials[rng.Next(specials.Length)].CopyTo(b, Math.Min(i, b.Length - 4));
                }
                return $"{n} float words set to IEEE specials";
            }
            default:
            {
                // Two mutations at once.
                var first = Mutate(ref b);
                return first + " + " + Mutate(ref b);
            }
        }
    }

    static List<(int pos, string key)> Cards(byte[] b)
    {
        // Every card of every header (a header starts with SIMPLE or XTENSION at a block boundary).
        var list = new List<(int, string)>();
        for (int block = 0; block + 2880 <= b.Length; block += 2880)
        {
            var first = Latin1.GetString(b, block, 8);
            if (first != "SIMPLE  " && first != "XTENSION") continue;
            for (int p = block; p + 80 <= b.Length; p += 80)
            {
                var key = Latin1.GetString(b, p, 8).TrimEnd();
                list.Add((p, key));
                if (key == "END") { block = p / 2880 * 2880; break; }
            }
        }
        if (list.Count == 0) list.Add((0, "SIMPLE"));
        return list;
    }

    static List<(int pos, string key)> Find(List<(int pos, string key)> cards, Func<string, bool> match, bool includeEnd = false)
    {
        var hits = cards.Where(c => match(c.key)).ToList();
        return hits.Count > 0 || !includeEnd ? hits : cards;
    }

    static string Value(byte[] b, int pos)
    {
        var text = Latin1.GetString(b, pos + 10, 70);
        var slash = text.IndexOf('/');
        return (slash < 0 ? text : text[..slash]).Trim();
    }

    static void SetValue(byte[] b, int pos, string value)
    {
        var field = value.PadLeft(20).PadRight(70);
        Latin1.GetBytes(field).CopyTo(b, pos + 10);
    }
}
