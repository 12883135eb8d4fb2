"""Symbolic sparse LU of the Rosenbrock iteration matrix ``W = shift*I - J`` for a fixed pattern.

A model's Jacobian pattern never changes during a run, so all structural work is done once
here, in plain Python: a fill-reducing symmetric ordering, the symbolic factorization (the
pattern of L + U including fill-in) and flat lists of the elementary operations of the
numeric factorization.  The numba kernels in :mod:`sigsim.solvers._linalg` then only stream
through those lists: no searching, no allocation.  This is the strategy of the Kinetic
PreProcessor (KPP) of atmospheric chemistry (Damian et al., Comput. Chem. Eng. 26 (2002)
1567-1579, doi:10.1016/S0098-1354(02)00128-X), reimplemented here.

The factorization is Doolittle's (unit lower L, U on and above the diagonal) without
pivoting; the kernels report a bad pivot and the caller falls back to dense LU with partial
pivoting.  ``W`` always has a full diagonal, and for the small steps of a stiff integrator
it is diagonally dominant, which is why a static ordering is normally safe.
"""

from __future__ import annotations

import heapq

import numpy as np

# Slots of ``SparseLU.arrays`` (all int64, 1-D). "Permuted" indices refer to the order in
# which rows/columns are eliminated; "original" indices are state indices of the model.
PERM = 0          # [n]        perm[k] = original state eliminated k-th (permuted -> original)
IPERM = 1         # [n]        iperm[i] = permuted index of original state i
ROW_PTR = 2       # [n+1]      CSR row pointers of the filled pattern (permuted order)
COL_IDX = 3       # [nnz_lu]   CSR column indices (permuted), sorted within each row
DIAG_POS = 4      # [n]        storage position of the diagonal of permuted row k
JAC_MAP = 5       # [nnz_jac]  storage position of Jacobian entry (jac_rows[k], jac_cols[k])
DIAG_MAP = 6      # [n]        storage position of the diagonal of ORIGINAL state i
DIV_PTR = 7       # [n+1]      division ops of permuted row i: DIV_PTR[i] .. DIV_PTR[i+1]
DIV_IK = 8        # [n_div]    position of the L entry (i, k) that is divided ...
DIV_KK = 9        # [n_div]    ... by the pivot at this position (k, k)
UPD_PTR = 10      # [n_div+1]  update ops belonging to division op d: UPD_PTR[d] .. UPD_PTR[d+1]
UPD_IJ = 11       # [n_upd]    a[UPD_IJ[u]] -= a[DIV_IK[d]] * a[UPD_KJ[u]]
UPD_KJ = 12       # [n_upd]
# Substitution as flat operation lists, x[TGT] -= value[POS] * x[SRC], in a valid order (rows
# ascending for L, descending for U): one loop with a fixed trip count instead of a short,
# data-dependent inner loop per row, whose exits the branch predictor keeps missing.
FWD_TGT = 13      # [nnz_L]    L part: target row (permuted)
FWD_SRC = 14      # [nnz_L]    ... source column (permuted)
FWD_POS = 15      # [nnz_L]    ... storage position of L entry
BWD_TGT = 16      # [nnz_U-n]  strictly upper part of U, rows descending
BWD_SRC = 17
BWD_POS = 18
N_SLOTS = 19

#: The slot whose array length equals the length of the LU value array (``nnz_lu``).
LU_VALUE_SIZE_SLOT = COL_IDX


def _as_index_array(x, name):
    arr = np.asarray(x)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of indices; got shape {arr.shape}")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        if not np.all(np.equal(np.mod(arr, 1), 0)):
            raise ValueError(f"{name} must contain integers")
    return np.ascontiguousarray(arr, dtype=np.int64)


def minimum_degree_order(n, adjacency):
    """Greedy minimum-degree elimination ordering of a symmetric graph.

    Parameters
    ----------
    n : int
        Number of vertices.
    adjacency : list of set of int
        Neighbours of each vertex (no self loops); not modified.

    Returns
    -------
    numpy.ndarray
        int64[n], the vertices in elimination order.  Exact degrees of the elimination graph
        are used (the networks are small), and ties go to the smallest vertex index so the
        ordering is deterministic.
    """
    adj = [set(s) for s in adjacency]
    eliminated = np.zeros(n, dtype=bool)
    heap = [(len(adj[v]), v) for v in range(n)]
    heapq.heapify(heap)
    order = []
    while heap:
        deg, v = heapq.heappop(heap)
        # lazy deletion: skip stale heap entries whose degree has changed since they were pushed
        if eliminated[v] or deg != len(adj[v]):
            continue
        eliminated[v] = True
        order.append(v)
        nbrs = adj[v]
        for u in nbrs:
            adj[u].discard(v)
            # eliminating v connects all its neighbours pairwise (the fill of step v)
            adj[u].update(w for w in nbrs if w != u)
        for u in nbrs:
            heapq.heappush(heap, (len(adj[u]), u))
        adj[v] = set()
    return np.asarray(order, dtype=np.int64)


def _symbolic_rows(n, rows_struct):
    """Filled row patterns of the no-pivoting LU of a matrix with row patterns ``rows_struct``.

    Row i of L+U is the structure of row i of A plus, for every k < i in the (growing) row
    pattern, taken in increasing order, the strictly upper part of row k of U.  A min-heap
    yields the k in increasing order even as fill adds new ones.  This is the exact fill of
    unsymmetric Gaussian elimination (barring numerical cancellation).
    """
    upper = [None] * n          # strictly upper column lists of rows of U, sorted
    filled = [None] * n
    for i in range(n):
        pattern = set(rows_struct[i])
        pattern.add(i)
        heap = [k for k in pattern if k < i]
        heapq.heapify(heap)
        while heap:
            k = heapq.heappop(heap)
            for j in upper[k]:
                if j not in pattern:
                    pattern.add(j)
                    if j < i:
                        heapq.heappush(heap, j)
        cols = sorted(pattern)
        filled[i] = cols
        upper[i] = [j for j in cols if j > i]
    return filled


class SparseLU:
    """Symbolic sparse LU factorization of ``W = shift*I - J`` for a fixed Jacobian pattern.

    Parameters
    ----------
    n : int
        Number of states.
    jac_rows, jac_cols : array_like of int
        Pattern of the Jacobian: entry k is d f[jac_rows[k]] / d y[jac_cols[k]].  May or may not
        contain diagonal entries; duplicates are allowed (their values add up).

    Attributes
    ----------
    n : int
    nnz_jac : int
        Number of Jacobian entries.
    nnz_lu : int
        Length of the LU value array (filled pattern of L + U, diagonal included).
    fill_in : int
        Entries of L + U that are structurally zero in ``W``.
    flops : int
        Floating-point operations of one numeric factorization (divisions + 2 per update).
    perm : numpy.ndarray
        Elimination order (permuted -> original state index).
    arrays : tuple of numpy.ndarray
        int64 arrays passed unchanged to the numba kernels; slot meanings are the module
        constants ``PERM, IPERM, ROW_PTR, COL_IDX, DIAG_POS, JAC_MAP, DIAG_MAP, DIV_PTR,
        DIV_IK, DIV_KK, UPD_PTR, UPD_IJ, UPD_KJ, FWD_TGT, FWD_SRC, FWD_POS, BWD_TGT, BWD_SRC,
        BWD_POS`` (in that order, ``N_SLOTS`` in all).
    """

    def __init__(self, n, jac_rows, jac_cols):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
            raise ValueError(f"n must be a non-negative integer; got {n!r}")
        n = int(n)
        rows = _as_index_array(jac_rows, "jac_rows")
        cols = _as_index_array(jac_cols, "jac_cols")
        if rows.shape != cols.shape:
            raise ValueError(f"jac_rows and jac_cols must have the same length; got "
                             f"{rows.shape[0]} and {cols.shape[0]}")
        for name, idx in (("jac_rows", rows), ("jac_cols", cols)):
            if idx.size and (idx.min() < 0 or idx.max() >= n):
                bad = idx[(idx < 0) | (idx >= n)][0]
                raise ValueError(f"{name} contains index {bad} outside the range 0..{n - 1}")
        self.n = n
        self.nnz_jac = int(rows.shape[0])

        # ordering on the symmetrized pattern: the structure of W + W^T decides the fill
        adjacency = [set() for _ in range(n)]
        for r, c in zip(rows.tolist(), cols.tolist()):
            if r != c:
                adjacency[r].add(c)
                adjacency[c].add(r)
        perm = minimum_degree_order(n, adjacency)
        iperm = np.empty(n, dtype=np.int64)
        iperm[perm] = np.arange(n, dtype=np.int64)

        # row patterns of the permuted W (the full diagonal is added in _symbolic_rows)
        rows_struct = [set() for _ in range(n)]
        for r, c in zip(iperm[rows].tolist(), iperm[cols].tolist()):
            rows_struct[r].add(c)
        filled = _symbolic_rows(n, rows_struct)

        row_ptr = np.zeros(n + 1, dtype=np.int64)
        for i in range(n):
            row_ptr[i + 1] = row_ptr[i] + len(filled[i])
        col_idx = np.fromiter((j for row in filled for j in row), dtype=np.int64,
                              count=int(row_ptr[n]))
        position = [dict(zip(row, range(row_ptr[i], row_ptr[i + 1])))
                    for i, row in enumerate(filled)]
        diag_pos = np.array([position[i][i] for i in range(n)], dtype=np.int64)

        # flat operation lists of row-wise (IKJ) Doolittle elimination
        div_ptr = np.zeros(n + 1, dtype=np.int64)
        div_ik, div_kk, upd_ptr, upd_ij, upd_kj = [], [], [0], [], []
        for i in range(n):
            pos_i = position[i]
            for k in filled[i]:
                if k >= i:
                    break
                div_ik.append(pos_i[k])
                div_kk.append(int(diag_pos[k]))
                start = int(diag_pos[k]) + 1
                for p in range(start, int(row_ptr[k + 1])):
                    # pos_i[j] exists: the fill of row i includes the upper part of row k
                    upd_ij.append(pos_i[int(col_idx[p])])
                    upd_kj.append(p)
                upd_ptr.append(len(upd_ij))
            div_ptr[i + 1] = len(div_ik)

        jac_map = np.array([position[r][c] for r, c in
                            zip(iperm[rows].tolist(), iperm[cols].tolist())], dtype=np.int64)
        diag_map = diag_pos[iperm] if n else np.zeros(0, dtype=np.int64)

        def i64(x):
            return np.ascontiguousarray(np.asarray(x, dtype=np.int64).reshape(-1))

        fwd = [(i, int(col_idx[q]), q) for i in range(n)
               for q in range(int(row_ptr[i]), int(diag_pos[i]))]
        bwd = [(i, int(col_idx[q]), q) for i in range(n - 1, -1, -1)
               for q in range(int(diag_pos[i]) + 1, int(row_ptr[i + 1]))]
        fwd_cols = [i64([op[k] for op in fwd]) for k in range(3)]
        bwd_cols = [i64([op[k] for op in bwd]) for k in range(3)]

        self.perm = i64(perm)
        self.arrays = (i64(perm), i64(iperm), row_ptr, col_idx, i64(diag_pos), i64(jac_map),
                       i64(diag_map), div_ptr, i64(div_ik), i64(div_kk), i64(upd_ptr),
                       i64(upd_ij), i64(upd_kj), *fwd_cols, *bwd_cols)
        self.nnz_lu = int(row_ptr[n])
        w_struct = sum(len(s | {i}) for i, s in enumerate(rows_struct))
        self.nnz_w = int(w_struct)
        self.fill_in = self.nnz_lu - self.nnz_w
        self.n_div = len(div_ik)
        self.n_upd = len(upd_ij)
        self.flops = self.n_div + 2 * self.n_upd
        # forward + backward substitution: one multiply-add per off-diagonal entry, n divisions
        self.solve_flops = 2 * (self.nnz_lu - n) + n

    def pattern(self):
        """Filled pattern of L + U in permuted order, as a boolean (n, n) array (for tests)."""
        mask = np.zeros((self.n, self.n), dtype=bool)
        row_ptr, col_idx = self.arrays[ROW_PTR], self.arrays[COL_IDX]
        for i in range(self.n):
            mask[i, col_idx[row_ptr[i]:row_ptr[i + 1]]] = True
        return mask

    def __repr__(self):
        return (f"<SparseLU n={self.n}, nnz(J)={self.nnz_jac}, nnz(W)={self.nnz_w}, "
                f"nnz(LU)={self.nnz_lu} (fill-in {self.fill_in}), "
                f"flops/factorization={self.flops}, flops/solve={self.solve_flops}>")
