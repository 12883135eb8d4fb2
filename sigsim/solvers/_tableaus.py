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

    ``B_dense`` (``s x P``, may have ``P = 0``) is a continuous extension: inside a step,
    ``y(t + theta h) = y + h sum_i b_i(theta) K_i`` with ``b_i(theta) = sum_p B_dense[i, p]
    theta**(p+1)``.  Checked: ``b_i(1) = b_i`` and ``sum_i b_i(theta) = theta``.
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
    B_dense: np.ndarray = None
    fsal: bool = field(init=False)

    def __post_init__(self):
        if self.B_dense is None:
            object.__setattr__(self, "B_dense", np.zeros((len(self.b), 0)))
        for attr, nd in (("A", 2), ("b", 1), ("c", 1), ("e", 1), ("B_dense", 2)):
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
        Bd = self.B_dense
        if Bd.shape[0] != s:
            raise ValueError(f"tableau {n}: B_dense must have {s} rows")
        if Bd.shape[1]:
            scale = np.abs(Bd).max()
            _check(n, "dense output b_i(1) = b_i", Bd.sum(axis=1), self.b, scale)
            _check(n, "dense output sum_i b_i(theta) = theta", Bd.sum(axis=0),
                   np.eye(Bd.shape[1])[0], scale)

    @property
    def stages(self) -> int:
        """Number of stages."""
        return self.A.shape[0]

    def arrays(self, dense_output=True):
        """Kernel argument ``tab``: fresh writable float64 arrays.

        Parameters
        ----------
        dense_output : bool
            Interpolate output times inside steps with ``B_dense`` (when the method has one);
            ``False`` passes an empty ``B_dense`` so that the kernel clips steps onto every
            output time instead.

        Returns
        -------
        tuple
            ``(A, b, c, e, meta, B_dense)`` with ``meta = [order, embedded_order, fsal]``.
        """
        meta = np.array([self.order, self.embedded_order, 1.0 if self.fsal else 0.0])
        Bd = self.B_dense.copy() if dense_output else np.zeros((self.stages, 0))
        return (self.A.copy(), self.b.copy(), self.c.copy(), self.e.copy(), meta, Bd)


@dataclass(frozen=True, eq=False)
class RosenbrockTableau:
    """Embedded Rosenbrock method in Hairer-Wanner transformed form (see module docstring).

    Checked at construction: ``a`` and ``C`` strictly lower triangular; row sums of
    ``alpha = a Gamma`` equal ``c``; row sums of ``Gamma`` equal ``d``; ``sum(b) = 1`` and
    ``sum(b - b_hat) = 0``; and the Rosenbrock order conditions up to order 3 (Hairer-Wanner,
    Table IV.7.1) for both ``b`` and ``b_hat``.

    ``H`` (``R x s``, may have ``R = 0``) is a continuous extension in the form of Hairer's
    RODAS code: with ``D_r = sum_j H[r, j] U_j``, inside a step from ``y0`` to ``y1``
    ``y(t + theta h) = (1-theta) y0 + theta (y1 + (1-theta) (D_1 + theta (D_2 + ...)))``.
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
    H: np.ndarray = None

    def __post_init__(self):
        if self.H is None:
            object.__setattr__(self, "H", np.zeros((0, len(self.m))))
        for attr, nd in (("a", 2), ("C", 2), ("m", 1), ("e", 1), ("c", 1), ("d", 1), ("H", 2)):
            object.__setattr__(self, attr, _frozen(getattr(self, attr), nd))
        s, n, g = self.stages, self.name, float(self.gamma)
        _check_strictly_lower(n, "a", self.a, s)
        _check_strictly_lower(n, "C", self.C, s)
        for attr in ("m", "e", "c", "d"):
            if getattr(self, attr).shape != (s,):
                raise ValueError(f"tableau {n}: {attr} must have {s} entries")
        if not g > 0.0:
            raise ValueError(f"tableau {n}: gamma must be positive")
        if self.H.shape[1] != s:
            raise ValueError(f"tableau {n}: H must have {s} columns")
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

    def arrays(self, dense_output=True):
        """Kernel argument ``tab``: fresh writable float64 arrays.

        Parameters
        ----------
        dense_output : bool
            Interpolate output times inside steps with ``H`` (when the method has one);
            ``False`` passes an empty ``H`` so that the kernel clips steps onto every output
            time instead.

        Returns
        -------
        tuple
            ``(a, C, m, e, c, d, meta, H)`` with ``meta = [gamma, order, embedded_order,
            stiffly_accurate]``.
        """
        # stiffly accurate (m = the last row of a, plus the last stage): the kernels form
        # y_new = (last stage's argument) + U_s, one pass instead of a sum over the stages
        s = self.stages
        stiff_acc = bool(np.array_equal(self.m[:s - 1], self.a[s - 1, :s - 1])
                         and self.m[s - 1] == 1.0) if s > 1 else False
        meta = np.array([float(self.gamma), self.order, self.embedded_order,
                         1.0 if stiff_acc else 0.0])
        H = self.H.copy() if dense_output else np.zeros((0, self.stages))
        return (self.a.copy(), self.C.copy(), self.m.copy(), self.e.copy(), self.c.copy(),
                self.d.copy(), meta, H)


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

# Rodas5P continuous extension (order 4 in the non-stiff sense): the h_ij of the same
# publication (Steinebach 2023, as published with the paper in OrdinaryDiffEq.jl).
_RODAS5P_H = np.array([
    (25.948786856663858, -2.5579724845846235, 10.433815404888879, -2.3679251022685204,
     0.524948541321073, 1.1241088310450404, 0.4272876194431874, -0.17202221070155493),
    (-9.91568850695171, -0.9689944594115154, 3.0438037242978453, -24.495224566215796,
     20.176138334709044, 15.98066361424651, -6.789040303419874, -6.710236069923372),
    (11.419903575922262, 2.8879645146136994, 72.92137995996029, 80.12511834622643,
     -52.072871366152654, -59.78993625266729, -0.15582684282751913, 4.883087185713722),
])

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

# Rodas4 continuous extension (order 3): the dense output coefficients of Hairer's RODAS code
# (METH=1, the D_ij of subroutine "rodas dense output"); the sixth stage does not enter.
_RODAS4_H = np.array([
    (10.12623508344586, -7.487995877610167, -34.80091861555747, -7.992771707568823,
     1.025137723295662, 0.0),
    (-0.6762803392801253, 6.087714651680015, 16.43084320892478, 24.76722511418386,
     -6.594389125716872, 0.0),
])

ROSENBROCK = {
    "rodas5p": RosenbrockTableau(
        "rodas5p", 5, 4, _RODAS5P_GAMMA, *_RODAS5P,
        citation="Steinebach (2023) BIT Numer. Math. 63:27, doi:10.1007/s10543-023-00967-x",
        H=_RODAS5P_H),
    "rodas4": RosenbrockTableau(
        "rodas4", 4, 3, 0.25, *_RODAS4,
        citation="Hairer & Wanner (1996) Solving ODEs II, 2nd ed., Springer, Sec. IV.7",
        H=_RODAS4_H),
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

# Tsit5 continuous extension (order 4, "free": no extra stage): b_i(theta) = sum_p r_ip theta^p,
# rows r_i1..r_i4 (Tsitouras 2011, Sec. 3; digits as in OrdinaryDiffEq.jl tsit_tableaus.jl).
_TSIT5["B_dense"] = [
    (1.0, -2.763706197274826, 2.9132554618219126, -1.0530884977290216),
    (0.0, 0.13169999999999998, -0.2234, 0.1017),
    (0.0, 3.9302962368947516, -5.941033872131505, 2.490627285651253),
    (0.0, -12.411077166933676, 30.33818863028232, -16.548102889244902),
    (0.0, 37.50931341651104, -88.1789048947664, 47.37952196281928),
    (0.0, -27.896526289197286, 65.09189467479366, -34.87065786149661),
    (0.0, 1.5, -4.0, 2.5),
]

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



def _dopri5_dense():
    """DOPRI5 continuous extension (order 4) as polynomial weights ``b_i(theta)``.

    Hairer, Norsett & Wanner, Solving ODEs I, 2nd ed. (1993), Sec. II.6 and their DOPRI5 code
    (subroutine CONTD5): ``y(theta) = y0 + theta (r2 + (1-theta) (r3 + theta (r4 +
    (1-theta) r5)))`` with ``r2 = h sum b_i K_i``, ``r3 = h K_1 - r2``, ``r4 = r2 - h K_7 -
    r3`` and ``r5 = h sum d_i K_i``.  Expanded here, exactly, into ``b_i(theta)``.
    """
    dcoef = (Fr(-12715105075, 11282082432), 0, Fr(87487479700, 32700410799),
             Fr(-10690763975, 1880347072), Fr(701980252875, 199316789632),
             Fr(-1453857185, 822651844), Fr(69997945, 29380423))
    b = _DOPRI5_B + (0,)
    rows = []
    for i in range(7):
        e1, e7 = Fr(int(i == 0)), Fr(int(i == 6))
        r2, r5 = Fr(b[i]), Fr(dcoef[i])
        r3 = e1 - r2
        r4 = r2 - e7 - r3
        # theta r2 + theta(1-theta) r3 + theta^2 (1-theta) r4 + theta^2 (1-theta)^2 r5
        rows.append([float(r2 + r3), float(-r3 + r4 + r5), float(-r4 - 2 * r5), float(r5)])
    return rows


_DOPRI5["B_dense"] = _dopri5_dense()

EXPLICIT = {
    "tsit5": ExplicitRKTableau(
        "tsit5", 5, 4, **_TSIT5,
        citation="Tsitouras (2011) Comput. Math. Appl. 62:770, doi:10.1016/j.camwa.2011.06.002"),
    "dopri5": ExplicitRKTableau(
        "dopri5", 5, 4, **_DOPRI5,
        citation="Dormand & Prince (1980) J. Comput. Appl. Math. 6:19, "
                 "doi:10.1016/0771-050X(80)90013-3"),
}
