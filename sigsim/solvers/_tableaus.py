"""Coefficient tables of the built-in integrators, checked when this module is imported.

Tableaus are data: frozen dataclasses whose ``__post_init__`` verifies the identities the
coefficients must satisfy (row sums, weight sums, low-order order conditions), so a mistyped
digit fails at import instead of silently lowering the order.  ``.arrays()`` packs a tableau into
the tuple of float64 arrays that the numba kernels in :mod:`sigsim.solvers._kernels` take as
``tab``.

Rosenbrock methods are stored in the transformed form of Hairer & Wanner (Solving ODEs II,
2nd ed., 1996, Sec. IV.7, eq. (7.25)), with ``W = I/(h*gamma) - J``::

    W U_i = f(t + c_i h, y + sum_j a_ij U_j) + sum_j (C_ij / h) U_j + h d_i df/dt
    y_new = y + sum_i m_i U_i,        err = sum_i e_i U_i    (e = m - m_hat)

Writing ``Gamma = (I/gamma - C)^-1`` (lower triangular, diagonal ``gamma``) the classical
coefficients are ``alpha = a Gamma``, ``b = m Gamma``, ``b_hat = (m - e) Gamma``; then
``c_i = sum_j alpha_ij`` and ``d_i = sum_j Gamma_ij`` (that is gamma + sum_{j<i} gamma_ij).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction as Fr

import numpy as np

#: Absolute tolerance of the identity checks, relative to the size of the coefficients
#: involved (coefficients are printed with ~16 significant digits).
IDENTITY_RTOL = 1e-12


def _lower(rows, s):
    """Square float64 matrix from ragged rows ``rows[i] = (a_i1, ..., a_i,i-1)``, 0-based."""
    A = np.zeros((s, s))
    for i, row in enumerate(rows):
        A[i, :len(row)] = [float(v) for v in row]
    return A


def _frozen(x, ndim):
    a = np.array(x, dtype=np.float64)
    if a.ndim != ndim:
        raise ValueError(f"expected a {ndim}-d array, got shape {a.shape}")
    a.setflags(write=False)
    return a


def _check(name, what, value, expected, scale=1.0):
    if not np.allclose(value, expected, rtol=0.0, atol=IDENTITY_RTOL * max(1.0, scale)):
        raise ValueError(f"tableau {name}: {what} violated: {value} != {expected}")


def _check_strictly_lower(name, what, M, s):
    if M.shape != (s, s):
        raise ValueError(f"tableau {name}: {what} must be {s}x{s}, got {M.shape}")
    if np.any(np.triu(M) != 0.0):
        raise ValueError(f"tableau {name}: {what} must be strictly lower triangular")


@dataclass(frozen=True, eq=False)
class ExplicitRKTableau:
    """Embedded explicit Runge-Kutta pair ``(A, b, c)`` with error weights ``e = b - b_hat``.

    Checked at construction: ``A`` strictly lower triangular, ``A @ 1 = c``, ``sum(b) = 1``,
    ``sum(e) = 0``, and the order conditions up to order 3 for both ``b`` and ``b_hat``.
    A tableau is FSAL (first same as last) when its last stage is evaluated at ``c = 1`` with
    the weights ``b``: the last stage derivative is then reused as the next step's first.
    """

    name: str
    order: int
    embedded_order: int
    A: np.ndarray
    b: np.ndarray
    c: np.ndarray
    e: np.ndarray
    citation: str
    fsal: bool = field(init=False)

    def __post_init__(self):
        for attr, nd in (("A", 2), ("b", 1), ("c", 1), ("e", 1)):
            object.__setattr__(self, attr, _frozen(getattr(self, attr), nd))
        s, n = self.stages, self.name
        _check_strictly_lower(n, "A", self.A, s)
        if self.b.shape != (s,) or self.c.shape != (s,) or self.e.shape != (s,):
            raise ValueError(f"tableau {n}: b, c, e must have {s} entries")
        A, c = self.A, self.c
        _check(n, "row sums of A = c", A.sum(axis=1), c, np.abs(A).max())
        _check(n, "sum(b) = 1", self.b.sum(), 1.0)
        _check(n, "sum(e) = 0", self.e.sum(), 0.0, np.abs(self.e).max())
        for label, w in (("b", self.b), ("b_hat", self.b - self.e)):
            _check(n, f"order 2 ({label}.c = 1/2)", w @ c, 0.5)
            _check(n, f"order 3 ({label}.c^2 = 1/3)", w @ c**2, 1.0 / 3.0)
            _check(n, f"order 3 ({label}.A.c = 1/6)", w @ A @ c, 1.0 / 6.0, np.abs(A).max())
        fsal = bool(c[-1] == 1.0 and self.b[-1] == 0.0 and np.array_equal(A[-1], self.b))
        object.__setattr__(self, "fsal", fsal)

    @property
    def stages(self) -> int:
        """Number of stages."""
        return self.A.shape[0]

    def arrays(self):
        """Kernel argument ``tab``: fresh writable float64 arrays.

        Returns
        -------
        tuple
            ``(A, b, c, e, meta)`` with ``meta = [order, embedded_order, fsal]``.
        """
        meta = np.array([self.order, self.embedded_order, 1.0 if self.fsal else 0.0])
        return (self.A.copy(), self.b.copy(), self.c.copy(), self.e.copy(), meta)


@dataclass(frozen=True, eq=False)
class RosenbrockTableau:
    """Embedded Rosenbrock method in Hairer-Wanner transformed form (see module docstring).

    Checked at construction: ``a`` and ``C`` strictly lower triangular; row sums of
    ``alpha = a Gamma`` equal ``c``; row sums of ``Gamma`` equal ``d``; ``sum(b) = 1`` and
    ``sum(b - b_hat) = 0``; and the Rosenbrock order conditions up to order 3 (Hairer-Wanner,
    Table IV.7.1) for both ``b`` and ``b_hat``.
    """

    name: str
    order: int
    embedded_order: int
    gamma: float
    a: np.ndarray
    C: np.ndarray
    m: np.ndarray
    e: np.ndarray
    c: np.ndarray
    d: np.ndarray
    citation: str

    def __post_init__(self):
        for attr, nd in (("a", 2), ("C", 2), ("m", 1), ("e", 1), ("c", 1), ("d", 1)):
            object.__setattr__(self, attr, _frozen(getattr(self, attr), nd))
        s, n, g = self.stages, self.name, float(self.gamma)
        _check_strictly_lower(n, "a", self.a, s)
        _check_strictly_lower(n, "C", self.C, s)
        for attr in ("m", "e", "c", "d"):
            if getattr(self, attr).shape != (s,):
                raise ValueError(f"tableau {n}: {attr} must have {s} entries")
        if not g > 0.0:
            raise ValueError(f"tableau {n}: gamma must be positive")
        Gam = np.linalg.inv(np.eye(s) / g - self.C)
        alpha = self.a @ Gam
        scale = max(np.abs(self.a).max(), np.abs(self.C).max())
        _check(n, "row sums of alpha = c", alpha.sum(axis=1), self.c, scale)
        _check(n, "row sums of Gamma = d", Gam.sum(axis=1), self.d, scale)
        b, b_hat = self.m @ Gam, (self.m - self.e) @ Gam
        _check(n, "sum(b) = 1", b.sum(), 1.0, scale)
        _check(n, "sum(b - b_hat) = 0", (b - b_hat).sum(), 0.0, scale)
        beta = alpha + Gam - g * np.eye(s)   # beta_ij = alpha_ij + gamma_ij, j < i
        beta1 = beta.sum(axis=1)
        for label, w in (("b", b), ("b_hat", b_hat)):
            _check(n, f"order 2 ({label})", w @ beta1, 0.5 - g, scale)
            _check(n, f"order 3a ({label})", w @ self.c**2, 1.0 / 3.0, scale)
            _check(n, f"order 3b ({label})", w @ beta @ beta1, 1.0 / 6.0 - g + g * g, scale)

    @property
    def stages(self) -> int:
        """Number of stages (= linear solves per step)."""
        return self.a.shape[0]

    def arrays(self):
        """Kernel argument ``tab``: fresh writable float64 arrays.

        Returns
        -------
        tuple
            ``(a, C, m, e, c, d, meta)`` with ``meta = [gamma, order, embedded_order]``.
        """
        meta = np.array([float(self.gamma), self.order, self.embedded_order])
        return (self.a.copy(), self.C.copy(), self.m.copy(), self.e.copy(), self.c.copy(),
                self.d.copy(), meta)


def _stiffly_accurate(gamma, a_rows, C_rows, c_inner, d_inner):
    """Complete a Rodas-type method whose last stages finish the step (stiffly accurate).

    In Rodas methods each stage after the last given row of ``a`` adds its increment to the
    previous stage argument: row ``k`` beyond the given ones is the last given row followed by
    ones, ``m`` is that row followed by ones up to stage ``s``, and the error estimate is the
    last stage alone (``e = e_s``).  Those stages are evaluated at ``c = 1`` with ``d = 0``.
    The number of stages is ``len(C_rows) + 1``.
    """
    s = len(C_rows) + 1
    last = list(a_rows[-1])
    extra = s - 1 - len(a_rows)
    rows = [()] + [tuple(r) for r in a_rows]
    rows += [tuple(last) + (1.0,) * k for k in range(1, extra + 1)]
    a = _lower(rows, s)
    C = _lower([()] + [tuple(r) for r in C_rows], s)
    m = np.array(last + [1.0] * (extra + 1))
    e = np.zeros(s)
    e[-1] = 1.0
    c = np.array([0.0] + list(c_inner) + [1.0] * (s - 1 - len(c_inner)))
    d = np.array([gamma] + list(d_inner) + [0.0] * (s - 1 - len(d_inner)))
    return a, C, m, e, c, d


# Rodas5P: Steinebach, G. (2023) "Construction of Rosenbrock-Wanner method Rodas5P and numerical
# benchmarks within the Julia Differential Equations package", BIT Numer. Math. 63:27,
# doi:10.1007/s10543-023-00967-x.  Coefficients (transformed form, 17 significant digits) as
# published with the paper in the Julia OrdinaryDiffEq.jl package, rosenbrock_tableaus.jl.
_RODAS5P_GAMMA = 0.21193756319429014
_RODAS5P = _stiffly_accurate(
    _RODAS5P_GAMMA,
    a_rows=[
        (3.0,),
        (2.849394379747939, 0.45842242204463923),
        (-6.954028509809101, 2.489845061869568, -10.358996098473584),
        (2.8029986275628964, 0.5072464736228206, -0.3988312541770524, -0.04721187230404641),
        (-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256,
         0.030198172008377946),
    ],
    C_rows=[
        (-14.155112264123755,),
        (-17.97296035885952, -2.859693295451294),
        (147.12150275711716, -1.41221402718213, 71.68940251302358),
        (165.43517024871676, -0.4592823456491126, 42.90938336958603, -5.961986721573306),
        (24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125,
         -0.6610691825249471),
        (30.91273214028599, -3.1208243349937974, 77.79954646070892, 34.28646028294783,
         -19.097331116725623, -28.087943162872662),
        (37.80277123390563, -3.2571969029072276, 112.26918849496327, 66.9347231244047,
         -40.06618937091002, -54.66780262877968, -9.48861652309627),
    ],
    c_inner=(0.6358126895828704, 0.4095798393397535, 0.9769306725060716, 0.4288403609558664),
    d_inner=(-0.42387512638858027, -0.3384627126235924, 1.8046452872882734, 2.325825639765069),
)

# Rodas4: Hairer, E. & Wanner, G. (1996) Solving Ordinary Differential Equations II, 2nd ed.,
# Springer, Sec. IV.7 (Table 7.3 and the RODAS code, METH=1), 16 significant digits.
_RODAS4 = _stiffly_accurate(
    0.25,
    a_rows=[
        (1.544,),
        (0.9466785280815826, 0.2557011698983284),
        (3.314825187068521, 2.896124015972201, 0.9986419139977817),
        (1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950),
    ],
    C_rows=[
        (-5.6688,),
        (-2.430093356833875, -0.2063599157091915),
        (-0.1073529058151375, -9.594562251023355, -20.47028614809616),
        (7.496443313967647, -10.24680431464352, -33.99990352819905, 11.70890893206160),
        (8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136,
         -6.058818238834054),
    ],
    c_inner=(0.386, 0.21, 0.63),
    d_inner=(-0.1043, 0.1035, -0.03620000000000023),
)

ROSENBROCK = {
    "rodas5p": RosenbrockTableau(
        "rodas5p", 5, 4, _RODAS5P_GAMMA, *_RODAS5P,
        citation="Steinebach (2023) BIT Numer. Math. 63:27, doi:10.1007/s10543-023-00967-x"),
    "rodas4": RosenbrockTableau(
        "rodas4", 4, 3, 0.25, *_RODAS4,
        citation="Hairer & Wanner (1996) Solving ODEs II, 2nd ed., Springer, Sec. IV.7"),
}

# Tsit5: Tsitouras, Ch. (2011) "Runge-Kutta pairs of order 5(4) satisfying only the first
# column simplifying assumption", Comput. Math. Appl. 62:770-775,
# doi:10.1016/j.camwa.2011.06.002 (Table 1; digits as in OrdinaryDiffEq.jl tsit_tableaus.jl).
# The error weights e = b - b_hat are given directly, as in the paper.
_TSIT5_B = (0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742,
            -3.290069515436081, 2.324710524099774)
_TSIT5 = dict(
    A=_lower([
        (),
        (0.161,),
        (-0.008480655492356989, 0.335480655492357),
        (2.8971530571054935, -6.359448489975075, 4.3622954328695815),
        (5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525),
        (5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401,
         -0.028269050394068383),
        _TSIT5_B,
    ], 7),
    b=_TSIT5_B + (0.0,),
    c=(0.0, 0.161, 0.327, 0.9, 0.9800255409045097, 1.0, 1.0),
    e=(-0.00178001105222577714, -0.0008164344596567469, 0.007880878010261995,
       -0.1447110071732629, 0.5823571654525552, -0.45808210592918697, 1.0 / 66.0),
)

# DOPRI5: Dormand, J.R. & Prince, P.J. (1980) "A family of embedded Runge-Kutta formulae",
# J. Comput. Appl. Math. 6:19-26, doi:10.1016/0771-050X(80)90013-3 (Table 2, RK5(4)7M).
# Exact rational coefficients.
_DOPRI5_B = (Fr(35, 384), 0, Fr(500, 1113), Fr(125, 192), Fr(-2187, 6784), Fr(11, 84))
_DOPRI5_BHAT = (Fr(5179, 57600), 0, Fr(7571, 16695), Fr(393, 640), Fr(-92097, 339200),
                Fr(187, 2100), Fr(1, 40))
_DOPRI5 = dict(
    A=_lower([
        (),
        (Fr(1, 5),),
        (Fr(3, 40), Fr(9, 40)),
        (Fr(44, 45), Fr(-56, 15), Fr(32, 9)),
        (Fr(19372, 6561), Fr(-25360, 2187), Fr(64448, 6561), Fr(-212, 729)),
        (Fr(9017, 3168), Fr(-355, 33), Fr(46732, 5247), Fr(49, 176), Fr(-5103, 18656)),
        _DOPRI5_B,
    ], 7),
    b=[float(v) for v in _DOPRI5_B + (0,)],
    c=[float(v) for v in (0, Fr(1, 5), Fr(3, 10), Fr(4, 5), Fr(8, 9), 1, 1)],
    e=[float(Fr(bi) - bh) for bi, bh in zip(_DOPRI5_B + (0,), _DOPRI5_BHAT)],
)

EXPLICIT = {
    "tsit5": ExplicitRKTableau(
        "tsit5", 5, 4, **_TSIT5,
        citation="Tsitouras (2011) Comput. Math. Appl. 62:770, doi:10.1016/j.camwa.2011.06.002"),
    "dopri5": ExplicitRKTableau(
        "dopri5", 5, 4, **_DOPRI5,
        citation="Dormand & Prince (1980) J. Comput. Appl. Math. 6:19, "
                 "doi:10.1016/0771-050X(80)90013-3"),
}
