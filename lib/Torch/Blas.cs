using System.Runtime.InteropServices;

namespace NotebookLib.Torch;

/// <summary>
/// The few BLAS and LAPACK routines that the CPU paths of PCA and exact nearest neighbours call directly, without
/// libtorch (issue 22: loading Debian's libtorch costs 0.16 GB resident, 288 shared libraries, before any tensor; at
/// 100,000 points that alone put PCA and kNN above scikit-learn's whole process). Debian's <c>libblas.so.3</c> and
/// <c>liblapack.so.3</c> are OpenBLAS once <c>./nb setup</c> has installed libopenblas0-openmp (environment.json), the
/// same BLAS that libtorch's own products call; any other BLAS/LAPACK works too, since only the Fortran symbols every
/// implementation exports are bound (<c>sgemm_</c>, <c>dsyrk_</c>, <c>dsyevd_</c>), plus OpenBLAS's
/// <c>openblas_set_num_threads</c> when it is there.
/// <para>The wrappers take row-major matrices, as the rest of the library stores them, and pass BLAS their transposes
/// (a row-major m × n matrix is a column-major n × m one). Each one checks that the spans hold the matrices it is told
/// of, so a wrong dimension is an exception rather than a write past an array.</para>
/// </summary>
internal static unsafe class Blas
{
    const string BlasFile = "libblas.so.3", LapackFile = "liblapack.so.3";

    sealed class Api
    {
        // Fortran calling convention: every argument by reference; each CHARACTER argument adds a hidden length at
        // the end (size_t with gfortran ≥ 8), which reference LAPACK's compiled Fortran may read, so it is passed
        public delegate* unmanaged<byte*, byte*, int*, int*, int*, float*, float*, int*, float*, int*, float*, float*, int*, nuint, nuint, void> Sgemm;
        public delegate* unmanaged<byte*, byte*, int*, int*, double*, double*, int*, double*, double*, int*, nuint, nuint, void> Dsyrk;
        public delegate* unmanaged<int, void> SetThreads;   // OpenBLAS only: null elsewhere
    }

    sealed class LapackApi
    {
        public delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void> Dsyevd;
    }

    static readonly Lazy<Api> blas = new(LoadBlas);
    static readonly Lazy<LapackApi> lapack = new(LoadLapack);

    static IntPtr Open(string file)
    {
        // OpenBLAS's OpenMP build loads libgomp, which reads OMP_WAIT_POLICY once: the same passive policy as libtorch's
        Native.PreferPassiveOpenMP();
        return NativeLibrary.TryLoad(file, out var handle) ? handle
            : throw new DllNotFoundException($"{file} was not found: PCA and nearest neighbours on the CPU call BLAS/LAPACK directly; run ./nb setup, which installs Debian's libopenblas0-openmp");
    }

    static IntPtr Export(IntPtr library, string file, string name) => NativeLibrary.TryGetExport(library, name, out var f) ? f
        : throw new EntryPointNotFoundException($"{file} has no {name}: it is not a complete BLAS/LAPACK");

    static Api LoadBlas()
    {
        var lib = Open(BlasFile);
        return new Api
        {
            Sgemm = (delegate* unmanaged<byte*, byte*, int*, int*, int*, float*, float*, int*, float*, int*, float*, float*, int*, nuint, nuint, void>)Export(lib, BlasFile, "sgemm_"),
            Dsyrk = (delegate* unmanaged<byte*, byte*, int*, int*, double*, double*, int*, double*, double*, int*, nuint, nuint, void>)Export(lib, BlasFile, "dsyrk_"),
            // dlsym on the handle searches libblas.so.3's dependencies too: Debian's OpenBLAS libblas.so.3 links libopenblas.so.0
            SetThreads = NativeLibrary.TryGetExport(lib, "openblas_set_num_threads", out var set) ? (delegate* unmanaged<int, void>)set : null,
        };
    }

    static LapackApi LoadLapack()
    {
        var lib = Open(LapackFile);
        return new LapackApi { Dsyevd = (delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void>)Export(lib, LapackFile, "dsyevd_") };
    }

    /// <summary>Whether the BLAS is OpenBLAS, whose thread count <see cref="UseThreads"/> sets.</summary>
    public static bool ThreadsSettable => blas.Value.SetThreads != null;

    /// <summary>Runs the next BLAS calls of this thread on <paramref name="threads"/> threads, where the BLAS lets itself
    /// be told (OpenBLAS: <c>openblas_set_num_threads</c>, which in its OpenMP build also sets the calling thread's
    /// OpenMP thread count, the number that build reads on every call); with another BLAS it does nothing, and that BLAS
    /// uses its own setting (OMP_NUM_THREADS, …).</summary>
    public static void UseThreads(int threads)
    {
        var api = blas.Value;
        if (api.SetThreads != null) api.SetThreads(Math.Max(1, threads));
    }

    /// <summary>C = alpha · op(A) · op(B) + beta · C, all row-major: op(A) is m × k, op(B) is k × n, C is m × n with row
    /// strides lda, ldb, ldc; <paramref name="transA"/> means A is stored k × m (and op(A) = Aᵀ), likewise B.</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        Fits(a.Length, transA ? k : m, transA ? m : k, lda, "A");
        Fits(b.Length, transB ? n : k, transB ? k : n, ldb, "B");
        Fits(c.Length, m, n, ldc, "C");
        var api = blas.Value;
        // row-major C = op(A) op(B) is column-major Cᵀ = op(B)ᵀ op(A)ᵀ: the operands swap and keep their flags
        byte ta = transB ? (byte)'T' : (byte)'N', tb = transA ? (byte)'T' : (byte)'N';
        int M = n, N = m, K = Math.Max(k, 0);
        fixed (float* pa = a, pb = b, pc = c)
            api.Sgemm(&ta, &tb, &M, &N, &K, &alpha, pb, &ldb, pa, &lda, &beta, pc, &ldc, 1, 1);
    }

    /// <summary>C += Aᵀ A for a row-major <paramref name="rows"/> × <paramref name="n"/> A (row stride lda); only the
    /// entries C[i, j] with i ≥ j (the lower triangle, row-major) are written. C is n × n row-major.</summary>
    public static void DsyrkTransposedAccumulate(int n, int rows, ReadOnlySpan<double> a, int lda, Span<double> c)
    {
        if (n == 0 || rows == 0) return;
        Fits(a.Length, rows, n, lda, "A");
        Fits(c.Length, n, n, n, "C");
        var api = blas.Value;
        // row-major A (rows × n) is column-major Aᵀ (n × rows): column-major C = Aᵀ (Aᵀ)ᵀ is trans 'N'; the column-major
        // upper triangle is the row-major lower one
        byte uplo = (byte)'U', trans = (byte)'N';
        int N = n, K = rows, ldc = n;
        double alpha = 1, beta = 1;
        fixed (double* pa = a, pc = c)
            api.Dsyrk(&uplo, &trans, &N, &K, &alpha, pa, &lda, &beta, pc, &ldc, 1, 1);
    }

    /// <summary>Eigenvalues (ascending) and eigenvectors of the symmetric n × n matrix <paramref name="a"/>, of which only
    /// the lower triangle (row-major: entries i ≥ j) is read; LAPACK's divide and conquer (dsyevd), as
    /// torch.linalg.eigh on the CPU. On return row r of <paramref name="a"/> is the unit eigenvector of
    /// <paramref name="values"/>[r].</summary>
    public static void SymmetricEigen(int n, Span<double> a, Span<double> values)
    {
        Fits(a.Length, n, n, n, "A");
        if (values.Length < n) throw new ArgumentException($"the eigenvalues need {n} values, not {values.Length}", nameof(values));
        if (n == 0) return;
        var api = lapack.Value;
        // row-major lower triangle = column-major upper; the column-major eigenvectors (columns) are row-major rows
        byte jobz = (byte)'V', uplo = (byte)'U';
        int N = n, lda = n, info = 0, query = -1, iworkSize = 0;
        double workSize = 0;
        fixed (double* pa = a, pw = values)
        {
            api.Dsyevd(&jobz, &uplo, &N, pa, &lda, pw, &workSize, &query, &iworkSize, &query, &info, 1, 1);
            if (info != 0) throw new InvalidOperationException($"LAPACK dsyevd's workspace query failed (info = {info})");
            int lwork = (int)workSize, liwork = iworkSize;
            var work = new double[Math.Max(1, lwork)];
            var iwork = new int[Math.Max(1, liwork)];
            fixed (double* pwork = work)
            fixed (int* piwork = iwork)
                api.Dsyevd(&jobz, &uplo, &N, pa, &lda, pw, pwork, &lwork, piwork, &liwork, &info, 1, 1);
        }
        if (info > 0) throw new ArithmeticException($"LAPACK dsyevd did not converge on a {n}×{n} symmetric matrix (info = {info})");
        if (info < 0) throw new InvalidOperationException($"LAPACK dsyevd refused argument {-info}");
    }

    /// <summary>Throws unless <paramref name="length"/> values hold a row-major rows × columns matrix with row stride ld.</summary>
    static void Fits(int length, int rows, int columns, int ld, string name)
    {
        if (rows < 0 || columns < 0 || ld < Math.Max(1, columns))
            throw new ArgumentException($"{name}: a {rows}×{columns} matrix cannot have row stride {ld}", name);
        long needed = rows == 0 || columns == 0 ? 0 : (long)(rows - 1) * ld + columns;
        if (length < needed) throw new ArgumentException($"{name}: a {rows}×{columns} matrix with row stride {ld} needs {needed} values, not {length}", name);
    }
}
