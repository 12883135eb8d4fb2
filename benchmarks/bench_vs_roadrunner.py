"""sigsim against libRoadRunner on the same SBML files, at the same tolerances, in one run.

Models: the reference models of ``../shared/reference-models`` (published cytokine/JAK-STAT/NF-kB
models; folder from ``--models-dir`` or ``$SIGSIM_REFERENCE_MODELS``) and sigsim's own pathway
models exported with ``Model.to_sbml()`` (skipped with a note while export is unavailable).
Each file is imported by ``sigsim.read_sbml`` and loaded by ``roadrunner.RoadRunner``.

Measured per model:

* load/compile: sigsim ``read_sbml`` and the first ``simulate`` (code generation and numba
  compilation of the model's functions; the solver itself is compiled once per installation
  and cached, and numba's on-disk cache may already hold the model's functions, as noted);
  libRoadRunner ``RoadRunner(file)`` (libSBML parse and LLVM compilation);
* single simulation: median wall time of one simulation over the model's span with 100 output
  times (sigsim ``simulate`` of one set, with its default Rodas5P and with ``method="bdf"``,
  the method family of libRoadRunner's CVODE; libRoadRunner ``reset`` + ``simulate``), the
  three called in turn so that all see the same spells of machine noise;
* sweep: N parameter sets (default 10,000), every global constant parameter scaled by a factor
  drawn log-uniformly in [0.5, 2]: sigsim as one batched ``simulate`` call on all cores, with
  its default Rodas5P (lane-batched) and with ``method="bdf"``,
  libRoadRunner in a Python loop on one core and as a process pool over all cores (it has no
  built-in parallel ensemble in Python), all with the same draws; sigsim's sweeps run three
  times each, each pair followed by a third of libRoadRunner's loop (the median of sigsim's
  three against the loop's total);
* agreement: largest ``max_t |x - x_rr| / max_t |x_rr|`` over species (concentrations) at the
  nominal parameters and for the first sweep sets.

Tolerances: rtol 1e-6 and atol 1e-8 for both; libRoadRunner's absolute tolerance is set as a
uniform vector (a scalar would be scaled by each species' initial amount). libRoadRunner's
states are amounts and sigsim's concentrations, so with compartment sizes far from 1 the same
atol is not quite the same requirement.

Run (not part of the tests): ``python benchmarks/bench_vs_roadrunner.py [--quick]
[--sets N] [--models NAME,...] [--json out.json]``. Needs ``pip install 'sigsim[bench]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_engine import cpu_name  # noqa: E402 - the sibling benchmark script
REPO = HERE.parent
RTOL, ATOL = 1e-6, 1e-8
N_OUT = 100
#: Timed sigsim sweeps, each followed by its share of libRoadRunner's loop over the sets.
SWEEP_REPEATS = 3
#: Sets of the warm-up batch that compiles the batch path before the timed sweep.
WARMUP_SETS = 1024
#: Reference models and their simulated spans (model time units; see their README).
REFERENCE = {
    "Boehm_JProteomeRes2014": 240.0,
    "Raia_CancerResearch2011": 120.0,
    "Bachmann_MSB2011": 360.0,
    "Sobotta_Frontiers2017": 240.0,
    "Hoffmann2002_NFkB_BIOMD0000000140": 2360.0,
    "Singh2006_IL6_BIOMD0000000151": 18000.0,
}


def reference_dir(path=None) -> Path | None:
    p = path or os.environ.get("SIGSIM_REFERENCE_MODELS") or REPO.parent / "shared" / \
        "reference-models"
    p = Path(p)
    return p if p.is_dir() else None


# ---------------------------------------------------------------------------- the model files
def model_files(ref_dir, workdir, names=None):
    """``[(name, path or None, t_end, note)]``: reference models, then exported pathway
    models (their standard stimulus set as initial values)."""
    import sigsim

    out = []
    if ref_dir is None:
        out.append(("reference models", None, 0.0, "folder not found (--models-dir)"))
    else:
        for name, t_end in REFERENCE.items():
            path = ref_dir / f"{name}.xml"
            out.append((name, path if path.is_file() else None, t_end,
                        "" if path.is_file() else "file missing"))
    from sigsim.library import model_module

    for name in sigsim.list_models():
        label = f"sigsim:{name}"
        try:
            model = sigsim.load_model(name)
            stim = getattr(model_module(name), "STIMULUS", {}) or {}
            for s, v in (stim.get("y0") or {}).items():
                model.set_initial(s, v)
            path = Path(workdir) / f"{name}.xml"
            model.to_sbml(str(path))
            out.append((label, path, float(stim.get("t_end", 120.0)), "exported"))
        except Exception as e:  # noqa: BLE001 - export may not exist yet: note and go on
            out.append((label, None, 0.0, f"export failed: {type(e).__name__}: {e}"[:120]))
    if names:
        wanted = set(names)
        out = [o for o in out if o[0] in wanted or o[0].split(":")[-1] in wanted]
    return out


# ---------------------------------------------------------------------------- libRoadRunner
def rr_load(path):
    import roadrunner

    r = roadrunner.RoadRunner(str(path))
    integ = r.integrator
    integ.relative_tolerance = RTOL
    n = r.model.getNumFloatingSpecies() + r.model.getNumRateRules()
    integ.absolute_tolerance = [ATOL] * max(n, 1)
    return r


def sweep_parameters(path):
    """Global parameters a sweep may scale: constant, non-zero, not set by any rule, initial
    assignment or event, and not used by an initial assignment (a scaled total could make an
    initial value negative)."""
    from sigsim.sbml import require_libsbml

    libsbml = require_libsbml()
    m = libsbml.readSBMLFromFile(str(path)).getModel()
    fixed = {m.getRule(i).getVariable() for i in range(m.getNumRules())}
    for i in range(m.getNumInitialAssignments()):
        ia = m.getInitialAssignment(i)
        fixed.add(ia.getSymbol())
        stack = [ia.getMath()] if ia.isSetMath() else []
        while stack:
            node = stack.pop()
            if node.isName():
                fixed.add(node.getName())
            stack.extend(node.getChild(k) for k in range(node.getNumChildren()))
    for i in range(m.getNumEvents()):
        e = m.getEvent(i)
        fixed |= {e.getEventAssignment(k).getVariable()
                  for k in range(e.getNumEventAssignments())}
    return [m.getParameter(i).getId() for i in range(m.getNumParameters())
            if m.getParameter(i).getConstant() and m.getParameter(i).getId() not in fixed
            and m.getParameter(i).getValue() != 0]


class RRSweep:
    """A loaded libRoadRunner model with fast setting of the swept parameters."""

    def __init__(self, path, t_end, names):
        self.r = rr_load(path)
        ids = list(self.r.model.getGlobalParameterIds())
        self.idx = np.array([ids.index(k) for k in names], dtype=np.int32)
        self.nominal = np.array(self.r.model.getGlobalParameterValues())[self.idx]
        self.t_end = t_end

    def run(self, values=None):
        """One simulation with the swept parameters at ``values`` (None: nominal); returns
        the species concentrations, (N_OUT, n_species)."""
        r = self.r
        v = self.nominal if values is None else np.asarray(values, dtype=float)
        # resetAll: also parameters that events or rate rules changed in the last run
        r.resetAll()
        if len(self.idx):
            r.model.setGlobalParameterValues(self.idx, v)
            r.reset()
        return r.simulate(0.0, self.t_end, N_OUT)

    def species(self):
        return list(self.r.model.getFloatingSpeciesIds())


_RR = {}


def _rr_worker_init(path, t_end, names):
    _RR["rr"] = RRSweep(path, t_end, names)


def _rr_worker_chunk(values):
    rr = _RR["rr"]
    ok = 0
    for row in values:
        try:
            rr.run(row)
            ok += 1
        except RuntimeError:
            pass
    return ok


def rr_parallel(path, t_end, names, values, jobs):
    """Throughput of a process pool of libRoadRunner instances (one per core)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    chunks = np.array_split(values, jobs * 8)
    with ctx.Pool(jobs, initializer=_rr_worker_init, initargs=(str(path), t_end, names)) as pool:
        pool.map(_rr_worker_chunk, [values[:2]] * jobs)        # every worker loaded
        t0 = time.perf_counter()
        ok = sum(pool.map(_rr_worker_chunk, chunks, chunksize=1))
        wall = time.perf_counter() - t0
    return wall, ok


# ---------------------------------------------------------------------------- sigsim
def sigsim_columns(model, species_ids):
    """Functions giving each SBML species' concentration from a testsuite Trajectory."""
    from sigsim.sbml import testsuite as ts

    settings = ts.Settings(0.0, 1.0, 1, tuple(species_ids), 0.0, 0.0, (),
                           tuple(species_ids))
    return ts.prepare_outputs(model, settings, species_ids)[1]


def relative_difference(a, b):
    """Largest over columns of max_t |a - b| / max_t |b|; a column whose values stay below
    1e-9 of the largest value of all columns (zero up to solver noise) is scaled by that."""
    scale = np.max(np.abs(b), axis=0)
    scale = np.maximum(scale, 1e-9 * max(float(np.max(scale, initial=0.0)), 1e-300))
    return float(np.max(np.max(np.abs(a - b), axis=0) / scale))


def paired_median_times(fns, repeats, min_total=1.0):
    """Median wall times of the functions ``fns`` called in turn (at least ``repeats`` times
    each, and for at least ``min_total`` seconds): this machine has slow spells of tens of
    milliseconds to seconds in which everything runs up to two times slower, and timing one
    simulator after the other would charge them to whichever ran during one."""
    times = [[] for _ in fns]
    t_start = time.perf_counter()
    while len(times[0]) < repeats or (time.perf_counter() - t_start < min_total
                                      and len(times[0]) < 50 * repeats):
        for fn, ts in zip(fns, times):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
    return [statistics.median(ts) for ts in times]


def bench_model(name, path, t_end, n_sets, repeats, jobs, seed=1):
    import sigsim
    from sigsim.sbml import testsuite as ts

    row = {"model": name}
    t = np.linspace(0.0, t_end, N_OUT)
    # ---- load / compile
    t0 = time.perf_counter()
    model = sigsim.read_sbml(str(path))
    row["sigsim_import_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    sigsim.simulate(model, t, rtol=RTOL, atol=ATOL, on_failure="raise")
    row["sigsim_first_sim_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    rr0 = rr_load(path)
    row["rr_load_s"] = time.perf_counter() - t0
    del rr0
    row["states"] = len(model.species_names)
    # ---- single simulation
    # parameters the import replaced by their value (the export's conversion factors of 1)
    # are not parameters of the sigsim model: neither simulator scales them
    names = [k for k in sweep_parameters(path)
             if ts.sbml_info(model, k).get("role") != "inlined"]
    rr = RRSweep(path, t_end, names)
    # the default method (Rodas5P) and the BDF (CVODE's method family), each one set
    sigsim.simulate(model, t, rtol=RTOL, atol=ATOL, method="bdf", on_failure="raise")
    t_sig, t_bdf, t_rr = paired_median_times(
        [lambda: sigsim.simulate(model, t, rtol=RTOL, atol=ATOL, threads=1),
         lambda: sigsim.simulate(model, t, rtol=RTOL, atol=ATOL, threads=1, method="bdf"),
         rr.run], repeats)
    row["sigsim_single_ms"], row["rr_single_ms"] = 1e3 * t_sig, 1e3 * t_rr
    row["sigsim_bdf_single_ms"] = 1e3 * t_bdf
    # ---- agreement at nominal parameters (concentrations)
    species = rr.species()
    plan = sigsim_columns(model, species)
    ref = np.asarray(rr.run())[:, 1:1 + len(species)]
    for key, method in (("max_rel_diff_nominal", "auto"), ("max_rel_diff_nominal_bdf", "bdf")):
        traj = ts.simulate_compiled(model, t, rtol=RTOL, atol=ATOL, method=method)
        ours = np.column_stack([f(traj) for f in plan])
        row[key] = relative_difference(ours, ref)
    # ---- sweep
    rng = np.random.default_rng(seed)
    factors = np.exp(rng.uniform(np.log(0.5), np.log(2.0), size=(n_sets, len(names))))
    values = rr.nominal[None, :] * factors
    sig_names = [ts.sigsim_name(model, k) for k in names]
    params = {q: values[:, j] for j, q in enumerate(sig_names)}
    # compile the batch kernels and the model's lane functions on a warm-up batch large
    # enough to take the same path as the sweep (the printed lane LU from 512 sets on)
    warm = min(n_sets, WARMUP_SETS)
    t0 = time.perf_counter()
    sigsim.simulate(model, t, params={q: v[:warm] for q, v in params.items()}, rtol=RTOL,
                    atol=ATOL, on_failure="ignore")
    row["sigsim_batch_warmup_s"] = time.perf_counter() - t0
    sigsim.simulate(model, t, params={q: v[:warm] for q, v in params.items()}, rtol=RTOL,
                    atol=ATOL, on_failure="ignore", method="bdf")
    # the sweep three times with each method, each followed by a third of libRoadRunner's
    # loop, so that all see the same spells of machine noise; sigsim's medians against the
    # loop's total
    walls, walls_bdf, rr_wall, fails = [], [], 0.0, 0
    for part in np.array_split(np.arange(n_sets), SWEEP_REPEATS):
        t0 = time.perf_counter()
        res = sigsim.simulate(model, t, params=params, rtol=RTOL, atol=ATOL,
                              on_failure="ignore", progress=False)
        walls.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        res_bdf = sigsim.simulate(model, t, params=params, rtol=RTOL, atol=ATOL,
                                  on_failure="ignore", progress=False, method="bdf")
        walls_bdf.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for i in part:
            try:
                rr.run(values[i])
            except RuntimeError:
                fails += 1
        rr_wall += time.perf_counter() - t0
    row["sigsim_sweep_per_s"] = n_sets / statistics.median(walls)
    row["sigsim_sweep_failed"] = int(np.count_nonzero(res.status))
    row["sigsim_bdf_sweep_per_s"] = n_sets / statistics.median(walls_bdf)
    row["sigsim_bdf_sweep_failed"] = int(np.count_nonzero(res_bdf.status))
    row["rr_loop_per_s"] = n_sets / rr_wall
    row["rr_loop_failed"] = fails
    if jobs > 1:
        wall, ok = rr_parallel(path, t_end, names, values, jobs)
        row["rr_pool_per_s"] = n_sets / wall
    # agreement on the first few sweep sets, both at tight tolerances
    worst, skipped = 0.0, 0
    integ = rr.r.integrator
    n_state = len(integ.getAbsoluteToleranceVector())
    integ.relative_tolerance, integ.absolute_tolerance = 1e-10, [1e-12] * n_state
    integ.maximum_num_steps = 1_000_000
    for i in range(min(5, n_sets)):
        try:
            ref = np.asarray(rr.run(values[i]))[:, 1:1 + len(species)]
            traj = ts.simulate_compiled(_with_params(model, dict(zip(sig_names, values[i]))),
                                        t, rtol=1e-10, atol=1e-12)
        except Exception:  # noqa: BLE001 - a set one simulator cannot do is counted, not fatal
            skipped += 1
            continue
        ours = np.column_stack([f(traj) for f in plan])
        worst = max(worst, relative_difference(ours, ref))
    integ.relative_tolerance, integ.absolute_tolerance = RTOL, [ATOL] * n_state
    row["sweep_sets_compared"] = min(5, n_sets) - skipped
    row["max_rel_diff_sweep"] = worst
    row["swept_parameters"] = len(names)
    return row


def _with_params(model, values):
    m = model.copy()
    for q, v in values.items():
        m.set_parameter(q, v)
    return m


# ---------------------------------------------------------------------------- report
def format_table(rows):
    head = (f"{'model':<36} {'n':>3} {'load s':>11} {'single ms':>20} {'RR/sig':>11} "
            f"{'sweep sims/s':>32} {'x loop':>11} {'x pool':>11} {'rel diff':>15}")
    sub = (f"{'':<36} {'':>3} {'sig/RR':>11} {'rodas / bdf / RR':>20} {'rodas bdf':>11} "
           f"{'rodas / bdf / RR loop / pool':>32} {'rodas bdf':>11} {'rodas bdf':>11} "
           f"{'rodas / bdf':>15}")
    lines = [head, sub, "-" * len(head)]
    for r in rows:
        if "note" in r:
            lines.append(f"{r['model']:<36} skipped: {r['note']}")
            continue
        load = f"{r['sigsim_import_s'] + r['sigsim_first_sim_s']:.2f}/{r['rr_load_s']:.2f}"
        single = (f"{r['sigsim_single_ms']:.2f} / {r['sigsim_bdf_single_ms']:.2f} / "
                  f"{r['rr_single_ms']:.2f}")
        ratios = (f"{r['rr_single_ms'] / r['sigsim_single_ms']:.2f} "
                  f"{r['rr_single_ms'] / r['sigsim_bdf_single_ms']:.2f}")
        pool = r.get("rr_pool_per_s", float("nan"))
        ros, bdf, loop = r['sigsim_sweep_per_s'], r['sigsim_bdf_sweep_per_s'], r['rr_loop_per_s']
        sweep = f"{ros:.0f} / {bdf:.0f} / {loop:.0f} / {pool:.0f}"
        x_loop = f"{ros / loop:.1f} {bdf / loop:.1f}"
        x_pool = f"{ros / pool:.1f} {bdf / pool:.1f}"
        diff = f"{r['max_rel_diff_nominal']:.0e} / {r['max_rel_diff_nominal_bdf']:.0e}"
        lines.append(f"{r['model']:<36} {r['states']:>3} {load:>11} {single:>20} {ratios:>11} "
                     f"{sweep:>32} {x_loop:>11} {x_pool:>11} {diff:>15}")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="1,000 sweep sets, fewer repeats")
    ap.add_argument("--sets", type=int, default=None, help="sweep size (default 10,000)")
    ap.add_argument("--models", help="comma-separated model names (default: all)")
    ap.add_argument("--models-dir", help="reference models folder")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="processes of the libRoadRunner pool")
    ap.add_argument("--json", help="write the rows as JSON here")
    a = ap.parse_args(argv)
    try:
        import roadrunner
    except ImportError:
        print("libroadrunner is not installed: pip install 'sigsim[bench]'", file=sys.stderr)
        return 2
    import numba

    import sigsim

    # failed sweep sets are counted; CVODE's messages about them would flood the output
    roadrunner.Logger.setLevel(roadrunner.Logger.LOG_FATAL)

    n_sets = a.sets or (1000 if a.quick else 10_000)
    repeats = 5 if a.quick else 20
    print(f"sigsim {sigsim.__version__} (numba {numba.__version__}, "
          f"{numba.config.NUMBA_NUM_THREADS} threads) vs libRoadRunner {roadrunner.__version__}; "
          f"{cpu_name()}, {os.cpu_count()} cores; rtol {RTOL:g}, atol {ATOL:g}; {N_OUT} output "
          f"times; sweep of {n_sets} sets", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        names = a.models.split(",") if a.models else None
        for name, path, t_end, note in model_files(reference_dir(a.models_dir), work, names):
            if path is None:
                rows.append({"model": name, "note": note})
                print(f"{name}: skipped ({note})", flush=True)
                continue
            try:
                row = bench_model(name, path, t_end, n_sets, repeats, a.jobs)
            except Exception as e:  # noqa: BLE001 - report the model as skipped and go on
                row = {"model": name, "note": f"{type(e).__name__}: {e}"[:160]}
            rows.append(row)
            print(json.dumps(row), flush=True)
    print()
    print(format_table(rows))
    print("load s: sigsim read_sbml + first simulate (code generation and model compilation, "
          "or numba's disk cache) / libRoadRunner load; single: sigsim's default method "
          "(Rodas5P), its BDF (method='bdf') and libRoadRunner (CVODE BDF); RR/sig: "
          "libRoadRunner's time over sigsim's; sweep: sigsim's Rodas5P (lane-batched) and BDF "
          "(set by set on each core); x loop, x pool: "
          "sigsim's throughput over libRoadRunner's; rel diff: against libRoadRunner at the "
          "nominal parameters")
    if a.json:
        Path(a.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
