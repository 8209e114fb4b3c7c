namespace NotebookLib.IO;

/// <summary>
/// Reads a Unix compress(1) (.Z, LZW) stream forward, as <see cref="System.IO.Compression.GZipStream"/>
/// reads gzip: ESO ships raw frames as .fits.Z, and the FITS layer scans their headers itself before
/// CFITSIO sees them. It follows ncompress's decoder, including its quirk that a change of code width
/// (or a CLEAR) skips to the end of the current group of 8 codes. Corrupt input is an
/// <see cref="InvalidDataException"/> naming what was wrong.
/// </summary>
public sealed class UnixCompressStream : Stream
{
    const int Clear = 256;
    const int InitBits = 9;

    readonly byte[] input;
    readonly long totalBits;
    readonly int maxBits;
    readonly bool blockMode;
    readonly int maxMaxCode;
    readonly int[] prefix;
    readonly byte[] suffix;
    readonly byte[] stack;

    int nBits = InitBits;
    int maxCode = (1 << InitBits) - 1;
    int freeEnt;
    int oldCode = -1;
    byte finChar;
    long posBits;
    long groupStart;            // where the current code width began: groups of 8 codes count from here
    int stackTop, stackEnd;     // decoded bytes not yet returned: stack[stackTop..stackEnd)
    bool finished;
    long produced;

    /// <summary>Reads the compressed bytes from <paramref name="source"/> (to its end) and decodes as it is read.</summary>
    public UnixCompressStream(Stream source)
    {
        using (var copy = new MemoryStream())
        {
            source.CopyTo(copy);
            input = copy.ToArray();
        }
        if (input.Length < 3 || input[0] != 0x1f || input[1] != 0x9d)
            throw new InvalidDataException("not a Unix compress (.Z) stream: it does not start with the bytes 1f 9d");
        maxBits = input[2] & 0x1f;
        blockMode = (input[2] & 0x80) != 0;
        if (maxBits < InitBits || maxBits > 16)
            throw new InvalidDataException($"Unix compress (.Z) stream: its header asks for {maxBits}-bit codes; compress(1) writes 9 to 16");
        if ((input[2] & 0x60) != 0)
            throw new InvalidDataException($"Unix compress (.Z) stream: unknown flags 0x{input[2] & 0x60:x2} in its header");
        maxMaxCode = 1 << maxBits;
        prefix = new int[maxMaxCode];
        suffix = new byte[maxMaxCode];
        for (int i = 0; i < 256; i++) suffix[i] = (byte)i;
        stack = new byte[maxMaxCode + 1];
        stackTop = stackEnd = stack.Length;
        freeEnt = blockMode ? Clear + 1 : 256;
        posBits = groupStart = 3 * 8;
        totalBits = (long)input.Length * 8;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => produced; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int written = 0;
        while (written < buffer.Length)
        {
            if (stackTop < stackEnd)
            {
                int n = Math.Min(stackEnd - stackTop, buffer.Length - written);
                stack.AsSpan(stackTop, n).CopyTo(buffer[written..]);
                stackTop += n; written += n;
                continue;
            }
            if (finished || !DecodeOne()) { finished = true; break; }
        }
        produced += written;
        return written;
    }

    /// <summary>Skips to the end of the current group of 8 codes of the current width (compress's padding).</summary>
    void AlignToGroup()
    {
        long group = nBits * 8L;
        long used = posBits - groupStart;
        posBits = groupStart + (used + group - 1) / group * group;
        groupStart = posBits;
    }

    /// <summary>Decodes the next code onto the stack; false at the end of the input.</summary>
    bool DecodeOne()
    {
        while (true)
        {
            if (freeEnt > maxCode)
            {
                AlignToGroup();
                nBits++;
                maxCode = nBits == maxBits ? maxMaxCode : (1 << nBits) - 1;
            }
            if (posBits + nBits > totalBits) return false;
            int code = ReadCode();
            if (oldCode == -1)
            {
                if (code >= 256) throw new InvalidDataException($"Unix compress (.Z) stream: its first code is {code}, not a byte");
                finChar = (byte)code;
                oldCode = code;
                stackEnd = stack.Length;
                stackTop = stackEnd - 1;
                stack[stackTop] = finChar;
                return true;
            }
            if (code == Clear && blockMode)
            {
                Array.Clear(prefix);
                freeEnt = Clear;            // the next code after CLEAR starts a new table at 257
                AlignToGroup();
                nBits = InitBits;
                maxCode = (1 << InitBits) - 1;
                groupStart = posBits;
                continue;
            }
            int inCode = code;
            int top = stack.Length;
            if (code >= freeEnt)
            {
                if (code > freeEnt)
                    throw new InvalidDataException($"Unix compress (.Z) stream: code {code} at byte {posBits / 8} is beyond the table ({freeEnt} entries); the file is corrupt or truncated");
                stack[--top] = finChar;     // the KwKwK case
                code = oldCode;
            }
            while (code >= 256)
            {
                if (top == 0) throw new InvalidDataException("Unix compress (.Z) stream: a string longer than the table; the file is corrupt");
                stack[--top] = suffix[code];
                code = prefix[code];
            }
            stack[--top] = finChar = suffix[code];
            if (freeEnt < maxMaxCode)
            {
                prefix[freeEnt] = oldCode;
                suffix[freeEnt] = finChar;
                freeEnt++;
            }
            oldCode = inCode;
            stackTop = top;
            stackEnd = stack.Length;
            return true;
        }
    }

    /// <summary>The next nBits-bit code, least significant bit first, as compress writes them.</summary>
    int ReadCode()
    {
        long byteAt = posBits >> 3;
        int shift = (int)(posBits & 7);
        int value = 0;
        for (int i = 0; i < 3 && byteAt + i < input.Length; i++) value |= input[byteAt + i] << (8 * i);
        posBits += nBits;
        return (value >> shift) & ((1 << nBits) - 1);
    }
}
