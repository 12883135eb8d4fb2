"""Integer status codes and statistics slots shared by the numba solver kernels.

Kernels never raise: they return one of the status codes below, and the Python layer turns a
code into a message with :data:`STATUS_MESSAGES`.  Statistics are accumulated into an int64
array of length :data:`N_STATS` whose slots are named by the ``ST_*`` constants.
"""

SUCCESS = 0
MAX_STEPS = 1
STEP_UNDERFLOW = 2
NON_FINITE = 3
LINEAR_SOLVER = 4
NEWTON_FAILED = 5
BAD_INPUT = 6

STATUS_MESSAGES = {
    SUCCESS: "success",
    MAX_STEPS: "maximum number of steps reached before the last output time",
    STEP_UNDERFLOW: "step size fell below the minimum step size (the problem may be too stiff "
                    "for the method, or the solution may blow up)",
    NON_FINITE: "NaN or infinity in the state or right-hand side that step-size reduction "
                "could not cure",
    LINEAR_SOLVER: "singular iteration matrix that step-size reduction could not cure",
    NEWTON_FAILED: "Newton iteration for the steady state did not converge",
    BAD_INPUT: "invalid solver input (output times decreasing, negative tolerances, or "
               "mismatched array sizes)",
}

# Slots of the int64 statistics array (length N_STATS).
ST_STEPS = 0      # attempted steps
ST_ACCEPTED = 1   # accepted steps
ST_REJECTED = 2   # rejected steps
ST_RHS = 3        # right-hand-side evaluations
ST_JAC = 4        # Jacobian evaluations
ST_LU = 5         # LU factorizations (attempts, sparse and dense)
ST_SOLVES = 6     # linear solves (one per Rosenbrock stage)
ST_EVENTS = 7     # events applied
N_STATS = 8
