"""Engine benchmark: compile/load times, single-simulation time and batch throughput of sigsim's
compiled Rosenbrock solver against scipy's solve_ivp (LSODA, BDF) on the same compiled
right-hand side and Jacobian, on a stiff 30-state signaling network (benchmarks/network30.py).

Run on demand (not a test):  python benchmarks/bench_engine.py [--quick] [--scipy-sets N]

Every ratio is measured in this run, on this machine: no stored baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

T_END = 120.0
N_OUT = 61
RTOL, ATOL = 1e-6, 1e-9
STIMULUS = {"L": 1.0}

_PROCESS = textwrap.dedent("""
    import json, sys, time
    t0 = time.perf_counter()
    sys.path.insert(0, {here!r})
    import numpy as np
    import sigsim
    from network30 import build
    t_import = time.perf_counter() - t0
    m = build()
    if {variant}:
        m.observable("variant_{variant}", "LR + LRJ")  # a new structure: new model functions
    P = np.asarray(m.parameter_values())[None, :] * np.linspace(0.8, 1.2, {sets})[:, None]
    t1 = time.perf_counter()
    res = sigsim.simulate(m, np.linspace(0, {t_end}, {n_out}), params=P, y0={stim!r},
                          rtol={rtol}, atol={atol})
    t2 = time.perf_counter()
    print(json.dumps({{"import_s": t_import, "first_simulation_s": t2 - t1,
                      "ok": bool(res.ok)}}))
""")


def cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def fresh_process_times():
    """New interpreters sharing one empty cache: cold (solvers and model compiled), warm (all
    loaded from disk), and a model of new structure (solvers loaded, model functions compiled),
    each running one simulation; then, with a second empty cache, a cold first batch of 64 sets
    (lane-batched kernel).
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = []
        for variant, sets, cache in ((0, 1, "a"), (0, 1, "a"), (1, 1, "a"), (0, 64, "b")):
            env = dict(os.environ, SIGSIM_CACHE_DIR=f"{tmp}/{cache}/sigsim",
                       NUMBA_CACHE_DIR=f"{tmp}/{cache}/numba")
            code = _PROCESS.format(here=str(HERE), t_end=T_END, n_out=N_OUT, stim=STIMULUS,
                                   rtol=RTOL, atol=ATOL, variant=variant, sets=sets)
            p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                               text=True, timeout=900)
            if p.returncode:
                raise RuntimeError(p.stderr[-2000:])
            out.append(json.loads(p.stdout.strip().splitlines()[-1]))
    return out


def sample_params(model, n, seed=0):
    """Log-normal perturbations (sigma 0.3) of every parameter around its default."""
    rng = np.random.default_rng(seed)
    base = np.asarray(model.parameter_values())
    return base * np.exp(0.3 * rng.standard_normal((n, base.size)))


def timed(fn, repeat=1):
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller batches (1, 100, 1000)")
    ap.add_argument("--scipy-sets", type=int, default=20, help="sets run through scipy")
    args = ap.parse_args(argv)

    import numba
    import scipy

    import sigsim
    from network30 import build

    threads_max = numba.config.NUMBA_NUM_THREADS
    print(f"sigsim {sigsim.__version__} | numpy {np.__version__} | scipy {scipy.__version__} | "
          f"numba {numba.__version__} | python {platform.python_version()}")
    print(f"CPU: {cpu_name()} | cores available to numba: {threads_max}")
    model = build()
    t = np.linspace(0.0, T_END, N_OUT)
    cm = sigsim.compile_model(model)
    print(f"model: {cm!r}; sparse LU: {cm.sparse_lu!r}")
    print(f"work: stimulus L = 1 nM, t = 0..{T_END:g} min, {N_OUT} outputs, rtol {RTOL:g}, "
          f"atol {ATOL:g}\n")

    cold, warm, new_model, cold_batch = fresh_process_times()
    rows = [("cold compile + first simulation (new process, empty cache)", cold["first_simulation_s"], "s"),
            ("cold compile + first batch of 64 sets (new process, empty cache)",
             cold_batch["first_simulation_s"], "s"),
            ("warm load + first simulation (second process)", warm["first_simulation_s"], "s"),
            ("new model structure, solvers cached: compile + first simulation",
             new_model["first_simulation_s"], "s"),
            ("python import of sigsim (second process)", warm["import_s"], "s")]

    run = lambda P, method="rodas5p", threads=None: sigsim.simulate(  # noqa: E731
        model, t, params=P, y0=STIMULUS, method=method, rtol=RTOL, atol=ATOL, threads=threads)
    run(sample_params(model, 2))  # warm in this process
    single = sample_params(model, 1)
    t_single = timed(lambda: run(single), repeat=50)
    res1 = run(single)
    rows.append(("one simulation via sigsim.simulate (incl. Python overhead)", t_single * 1e3, "ms"))
    rows.append(("  solver steps / Jacobians for it", res1.stats_dict()["steps"],
                 f"/ {res1.stats_dict()['jac_evals']}"))

    sizes = [1, 100, 1000] if args.quick else [1, 100, 10_000]
    throughput = {}
    for n in sizes:
        P = sample_params(model, n, seed=n)
        for th in sorted({1, threads_max}):
            dt = timed(lambda: run(P, threads=th), repeat=3 if n <= 100 else 1)
            throughput[(n, th)] = n / dt
            rows.append((f"batch {n:>6} sets, {th} thread(s)", n / dt, "sims/s"))

    ns = args.scipy_sets
    P = sample_params(model, ns, seed=99)
    scipy_rate = {}
    for method in ("scipy-lsoda", "scipy-bdf"):
        dt = timed(lambda: run(P, method=method), repeat=3)   # best of 3: the baseline is noisy
        scipy_rate[method] = ns / dt
        rows.append((f"scipy {method[6:].upper()} (same compiled rhs/jac), {ns} sets", ns / dt, "sims/s"))
    ours = sigsim.simulate(model, t, params=P, y0=STIMULUS, rtol=RTOL, atol=ATOL)
    ref = sigsim.simulate(model, t, params=P, y0=STIMULUS, method="scipy-radau", rtol=1e-10,
                          atol=1e-13)
    err = np.abs(ours.y - ref.y) / (ATOL + RTOL * np.abs(ref.y))

    width = max(len(r[0]) for r in rows) + 2
    print(f"{'measurement':<{width}}{'value':>14}  unit")
    for name, value, unit in rows:
        print(f"{name:<{width}}{value:>14.4g}  {unit}")
    big = max(sizes)
    best = max(throughput[(big, th)] for th in sorted({1, threads_max}))
    print("\nratios (measured in this run)")
    for method, rate in scipy_rate.items():
        print(f"  batch of {big} vs {method}: {best / rate:8.1f}x faster")
    if threads_max > 1:
        print(f"  {threads_max} threads vs 1 thread at {big} sets: "
              f"{throughput[(big, threads_max)] / throughput[(big, 1)]:.2f}x")
    print(f"  single simulation: {t_single * 1e3:.3g} ms (target <= 1 ms)")
    print(f"\naccuracy vs scipy Radau (rtol 1e-10): max error {err.max():.3g} tolerance units "
          f"(median {np.median(err):.2g}) over {ns} sets")


if __name__ == "__main__":
    main()
