using System.Numerics;

namespace NotebookLib.Fits;

/// <summary>
/// One table column as typed data, as astropy's <c>Column</c>. <see cref="Data"/> holds, for a
/// fixed-size column, a flat <c>T[]</c> of RowCount × cell-size elements (row after row; each cell
/// of numpy-order shape <see cref="CellShape"/>, [] for scalars); for a variable-length column
/// (TFORM P/Q) a <c>T[][]</c> with one array per row; for text a <c>string[]</c> with trailing
/// blanks removed. Element types: bool (L and bit X), byte, sbyte, short, ushort, int, uint, long,
/// ulong, float, double, <see cref="Complex"/>, string. TSCAL/TZERO are applied (unsigned columns
/// come out unsigned, other scaled integers as double), as astropy does.
/// </summary>
public sealed class FitsColumn
{
    public string Name { get; }
    public Type ElementType { get; }
    public int[] CellShape { get; }
    public bool IsVariableLength { get; }
    public int RowCount { get; }
    public Array Data { get; }
    public string Unit { get; init; } = "";
    /// <summary>TFORM as read from the file; for writing, derived from the data when empty.</summary>
    public string Format { get; init; } = "";
    /// <summary>Elements per row of a fixed-size column.</summary>
    public int CellSize => CellShape.Aggregate(1, (a, b) => a * b);

    internal FitsColumn(string name, Type elementType, int[] cellShape, bool variable, int rows, Array data)
    {
        Name = name; ElementType = elementType; CellShape = cellShape; IsVariableLength = variable; RowCount = rows; Data = data;
    }

    /// <summary>
    /// A column to write: <paramref name="data"/> is a T[] of scalars (one per row), a T[] of
    /// rows × cell-size elements with <paramref name="cellShape"/>, a string[], or a T[][] for a
    /// variable-length column.
    /// </summary>
    public FitsColumn(string name, Array data, int[]? cellShape = null, string unit = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name; Unit = unit; Data = data;
        var et = data.GetType().GetElementType()!;
        if (et.IsArray)
        {
            IsVariableLength = true;
            ElementType = et.GetElementType()!;
            CellShape = [];
            RowCount = data.Length;
        }
        else
        {
            ElementType = et;
            CellShape = cellShape ?? [];
            var cell = CellSize;
            if (cell <= 0 || data.Length % cell != 0)
                throw new ArgumentException($"column '{name}': {data.Length} values do not split into rows of cell shape ({string.Join(", ", CellShape)})");
            RowCount = data.Length / cell;
        }
        if (!Supported.Contains(ElementType))
            throw new ArgumentException($"column '{name}': {ElementType.Name} is not a FITS column type (bool, byte, sbyte, short, ushort, int, uint, long, ulong, float, double, Complex, string)");
    }

    internal static readonly HashSet<Type> Supported =
    [
        typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long),
        typeof(ulong), typeof(float), typeof(double), typeof(Complex), typeof(string),
    ];

    /// <summary>The flat values of a fixed-size column (a scalar column: one per row).</summary>
    public T[] Values<T>() => Data.GetType() == typeof(T[]) ? (T[])Data : throw new InvalidCastException($"column '{Name}' holds {(IsVariableLength ? "variable-length arrays of " : "")}{ElementType.Name}, not {typeof(T).Name}");

    /// <summary>The per-row arrays of a variable-length column.</summary>
    public T[][] VariableValues<T>() => Data.GetType() == typeof(T[][]) ? (T[][])Data : throw new InvalidCastException($"column '{Name}' holds {(IsVariableLength ? "variable-length arrays of " : "")}{ElementType.Name}, not variable-length {typeof(T).Name}");

    /// <summary>The value of one row: a scalar, or an array for a vector or variable-length cell.</summary>
    public object? this[int row]
    {
        get
        {
            if ((uint)row >= (uint)RowCount) throw new IndexOutOfRangeException($"row {row} of column '{Name}' with {RowCount} rows");
            if (IsVariableLength) return Data.GetValue(row);
            var cell = CellSize;
            if (cell == 1 && CellShape.Length == 0) return Data.GetValue(row);
            var slice = Array.CreateInstance(ElementType, cell);
            Array.Copy(Data, (long)row * cell, slice, 0, cell);
            return slice;
        }
    }

    public override string ToString() =>
        $"{Name} ({(IsVariableLength ? "var " : "")}{ElementType.Name}{(CellShape.Length > 0 ? "[" + string.Join(",", CellShape) + "]" : "")}{(Unit.Length > 0 ? ", " + Unit : "")})";
}
