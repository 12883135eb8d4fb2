"""Command line: ``sigsim list``, ``run``, ``info``, ``simulate`` and ``sweep``.

Examples::

    sigsim list models | experiments | drugs
    sigsim run demo --quick
    sigsim simulate demo_il6 --stimulus --preequilibrate --t-end 120 --out pstat3.csv
    sigsim simulate demo_il6 --y0 IL6=5 --set kdp_STAT3=0.05,0.1,0.2 --observables pSTAT3_fraction
    sigsim sweep demo_il6 --stimulus --param kdp_STAT3=0.01:1:log --param STAT3=5:20 \\
        --method lhs --n 64 --readout pSTAT3_fraction:peak --readout SOCS3:value_at:60 --out DIR
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import pkgutil
import sys

_EXPERIMENTS = "sigsim._builtin_experiments"


class CLIError(ValueError):
    """A bad command-line value (reported as ``sigsim: error: ...``, exit status 2)."""


def list_experiments() -> dict:
    """``{name: title}`` of the experiment scripts (``experiments/run_<name>.py``)."""
    from ._resources import import_builtin

    pkg = import_builtin(_EXPERIMENTS)
    found = {}
    for m in pkgutil.iter_modules(pkg.__path__):
        if m.name.startswith("run_"):
            mod = importlib.import_module(f"{_EXPERIMENTS}.{m.name}")
            found[getattr(mod, "NAME", m.name[4:])] = getattr(mod, "TITLE", "")
    return dict(sorted(found.items()))


def _experiment_module(name):
    names = list_experiments()
    if name not in names:
        close = difflib.get_close_matches(name, list(names), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise SystemExit(f"sigsim: unknown experiment {name!r}{hint}; "
                         f"available: {', '.join(names)}")
    return importlib.import_module(f"{_EXPERIMENTS}.run_{name}")


def _cmd_list(args):
    from .library import list_models, model_module

    if args.what == "models":
        for name in list_models():
            doc = (model_module(name).__doc__ or "").strip().splitlines()
            print(f"{name:20s} {doc[0] if doc else ''}")
    elif args.what == "drugs":
        from .drugs import get_drug, list_drugs

        for name in list_drugs():
            d = get_drug(name)
            targets = ", ".join(map(str, d.targets))
            print(f"{name:20s} {d.kind:20s} targets: {targets}".rstrip())
    else:
        for name, title in list_experiments().items():
            print(f"{name:20s} {title}")
    return 0


def _cmd_run(args):
    mod = _experiment_module(args.experiment)
    out = args.out or f"results/{args.experiment}"
    mod.run(out=out, quick=args.quick, threads=args.threads)
    return 0


def _cmd_info(args):
    import numba
    import numpy
    import scipy

    from . import __version__
    from .codegen import cache_dir
    from .library import load_model

    print(f"sigsim {__version__} (numpy {numpy.__version__}, scipy {scipy.__version__}, "
          f"numba {numba.__version__}, {numba.config.NUMBA_NUM_THREADS} threads)")
    print(f"cache folder: {cache_dir()}")
    if args.model:
        m = load_model(args.model)
        print(m.summary() if hasattr(m, "summary") else repr(m))
    return 0


# ---------------------------------------------------------------------- value parsing
def _number(text, what):
    try:
        v = float(text)
    except ValueError:
        raise CLIError(f"{what}: {text!r} is not a number") from None
    if v != v or v in (float("inf"), float("-inf")):
        raise CLIError(f"{what}: {text!r} is not a finite number")
    return v


def _split_item(item, what, expected, seen):
    """``"name=value"`` -> ``(name, value)``; an error names the option and the item."""
    name, sep, value = item.partition("=")
    name = name.strip()
    if not sep or not name or not value.strip():
        raise CLIError(f"{what} {item!r}: expected {expected}")
    if name in seen:
        raise CLIError(f"{what}: {name!r} given twice")
    return name, value


def _assignments(items, what, lists=True):
    """``["a=1", "b=2,3"]`` -> ``{"a": 1.0, "b": [2.0, 3.0]}``."""
    out = {}
    for item in items or []:
        name, value = _split_item(item, what, "name=value", out)
        parts = value.split(",")
        if len(parts) > 1 and not lists:
            raise CLIError(f"{what} {item!r}: one value expected")
        vals = [_number(p.strip(), f"{what} {name}") for p in parts]
        out[name] = vals[0] if len(vals) == 1 else vals
    return out


def _options(items):
    """Model build options ``key=value`` (numbers, true/false, or text)."""
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CLIError(f"--option {item!r}: expected key=value")
        v = value.strip()
        if v.lower() in ("true", "false"):
            out[key.strip()] = v.lower() == "true"
            continue
        try:
            out[key.strip()] = int(v)
        except ValueError:
            try:
                out[key.strip()] = float(v)
            except ValueError:
                out[key.strip()] = v
    return out


def _load(args):
    from .library import load_model, model_module

    model = load_model(args.model, **_options(args.option))
    stim = getattr(model_module(args.model), "STIMULUS", None) or {}
    return model, stim


def _check_names(model, params, y0):
    from .errors import ModelError

    pnames, snames = list(model.parameter_names), list(model.species_names)
    for name in params:
        if name not in pnames:
            close = difflib.get_close_matches(name, pnames, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ModelError(f"unknown parameter {name!r} of model {model.name!r}{hint}")
    for name in y0:
        if name not in snames:
            close = difflib.get_close_matches(name, snames, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ModelError(f"unknown species {name!r} of model {model.name!r}{hint}")


def _times(args, stim):
    import numpy as np

    t_end = args.t_end if args.t_end is not None else float(stim.get("t_end", 100.0))
    if not t_end > 0:
        raise CLIError(f"--t-end must be > 0; got {t_end:g}")
    if args.points < 2:
        raise CLIError(f"--points must be >= 2; got {args.points}")
    return np.linspace(0.0, t_end, args.points)


def _conditions(args, model, stim, lists=True):
    params = _assignments(args.set, "--set", lists)
    y0 = dict(stim.get("y0", {})) if args.stimulus else {}
    y0.update(_assignments(args.y0, "--y0", lists))
    _check_names(model, params, y0)
    return params, y0


def _simulate_kwargs(args):
    kw = {"rtol": args.rtol, "atol": args.atol, "method": args.method}
    if args.preequilibrate:
        kw["preequilibrate"] = True
    if args.threads is not None:
        kw["threads"] = args.threads
    return kw


def _cmd_simulate(args):
    import numpy as np

    from .simulate import simulate

    model, stim = _load(args)
    t = _times(args, stim)
    params, y0 = _conditions(args, model, stim)
    res = simulate(model, t, params=params or None, y0=y0 or None, on_failure="raise",
                   **_simulate_kwargs(args))
    if args.observables:
        names = [n.strip() for n in args.observables.split(",") if n.strip()]
        bad = [n for n in names if n not in res]
        if bad:
            from .errors import ModelError

            raise ModelError(f"{bad} are not species, assignments or observables of "
                             f"{model.name!r}; available: {', '.join(res.names)}")
    else:
        names = [o[0] for o in model.observables] or list(res.species)
    varied = [q for q, v in list(params.items()) + list(y0.items()) if np.ndim(v)]
    table = res.to_frame(names=names)
    for q in varied:
        src = params if q in params else y0
        table.insert(2, q, np.repeat(np.broadcast_to(np.asarray(src[q], float),
                                                     res.shape).reshape(-1), len(res.t)))
    table = table.rename(columns={"t": f"t_{model.time_unit}" if model.time_unit else "t"})
    if res.n_sets == 1:
        table = table.drop(columns=["set"])
    table = table.drop(columns=["status"])
    if args.out:
        table.to_csv(args.out, index=False, float_format="%.6g")
        print(f"wrote {args.out} ({len(table)} rows)", file=sys.stderr)
    else:
        table.to_csv(sys.stdout, index=False, float_format="%.6g")
    if args.plot:
        from .plotting import _pyplot, plot_result

        fig = plot_result(res, names=names, title=model.name)
        fig.savefig(args.plot, dpi=120)
        _pyplot().close(fig)
        print(f"wrote {args.plot}", file=sys.stderr)
    return 0


def _space(items):
    """``--param name=low:high[:log]`` or ``name=v1,v2,...`` -> sweep space."""
    space = {}
    for item in items or []:
        name, value = _split_item(item, "--param", "name=low:high[:log] or name=v1,v2,...", space)
        if ":" in value:
            parts = value.split(":")
            if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] not in ("log", "lin",
                                                                                "linear")):
                raise CLIError(f"--param {item!r}: expected name=low:high or "
                               f"name=low:high:log")
            low = _number(parts[0], f"--param {name} low")
            high = _number(parts[1], f"--param {name} high")
            scale = "log" if len(parts) == 3 and parts[2] == "log" else "linear"
            space[name] = (low, high, scale)
        else:
            space[name] = [_number(v.strip(), f"--param {name}") for v in value.split(",")]
    if not space:
        raise CLIError("sweep needs at least one --param")
    return space


def _cmd_sweep(args):
    from .protocols import sweep
    from .protocols._readouts import as_readout

    model, stim = _load(args)
    t = _times(args, stim)
    params, y0 = _conditions(args, model, stim, lists=False)
    space = _space(args.param)
    readouts = [as_readout(r) for r in args.readout]
    known = set(model.species_names) | {a[0] for a in model.assignments} | \
        {o[0] for o in model.observables}
    for r in args.readout:
        if r.split(":")[0] not in known:
            from .errors import ModelError

            name = r.split(":")[0]
            close = difflib.get_close_matches(name, sorted(known), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ModelError(f"--readout {r!r}: {name!r} is not a species, assignment or "
                             f"observable of model {model.name!r}{hint}")
    kw = _simulate_kwargs(args)
    kw["solver"] = kw.pop("method")
    fixed_p = {k: v for k, v in params.items() if k not in space}
    fixed_y = {k: v for k, v in y0.items() if k not in space}
    out = sweep(model, t, space, method=args.method_sweep, n=args.n, seed=args.seed,
                readouts=readouts, checkpoint=args.checkpoint, chunk_size=args.chunk_size,
                params=fixed_p or None, y0=fixed_y or None, **kw)
    n_chunks = -(-len(out) // args.chunk_size)
    if out.chunks_run < n_chunks:
        print(f"sigsim: {n_chunks - out.chunks_run} of {n_chunks} chunks restored from "
              f"{args.checkpoint}", file=sys.stderr)
    if args.out:
        import shlex

        paths = out.write(args.out, models=[model],
                          command=" ".join(shlex.quote(a) for a in ["sigsim"] + args.argv))
        print(f"wrote {', '.join(str(p) for p in paths.values())}", file=sys.stderr)
    else:
        out.table.to_csv(sys.stdout, index=False, float_format="%.6g")
    failed = int((out.table.status != 0).sum())
    if failed:
        print(f"sigsim: warning: {failed} of {len(out)} sets failed (NaN readouts)",
              file=sys.stderr)
    return 0


# ---------------------------------------------------------------------- parser
def _add_model_args(p, solver_flag="--method"):
    p.add_argument("model", help="built-in model name (see 'sigsim list models')")
    p.add_argument("--option", action="append", metavar="KEY=VALUE",
                   help="model build option, e.g. cell=il6r_negative (repeatable)")
    p.add_argument("--t-end", type=float, metavar="T",
                   help="end time in the model's time unit (default: the model's standard "
                        "experiment, else 100)")
    p.add_argument("--points", type=int, default=121, metavar="N",
                   help="number of output times from 0 to T (default 121)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="parameter value (repeatable)")
    p.add_argument("--y0", action="append", metavar="SPECIES=VALUE",
                   help="initial concentration, in the species' unit (repeatable)")
    p.add_argument("--stimulus", action="store_true",
                   help="apply the model's standard stimulus (its STIMULUS y0; --y0 overrides)")
    p.add_argument("--preequilibrate", action="store_true",
                   help="start from the model's steady state (cells at rest); --y0 and "
                        "--stimulus values are added after it")
    p.add_argument(solver_flag, dest="method", default="auto",
                   help="integration method (default auto: rodas5p)")
    p.add_argument("--rtol", type=float, default=1e-6, help="relative tolerance (1e-6)")
    p.add_argument("--atol", type=float, default=1e-9, help="absolute tolerance (1e-9)")
    p.add_argument("--threads", type=int, help="threads for batched simulations")


def build_parser():
    from . import __version__

    p = argparse.ArgumentParser(prog="sigsim", description="Simulate interleukin signaling "
                                "and drug blockade in the tumor microenvironment.")
    p.add_argument("--version", action="version", version=f"sigsim {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    pl = sub.add_parser("list", help="list built-in models, experiments or drugs")
    pl.add_argument("what", choices=["models", "experiments", "drugs"])
    pl.set_defaults(func=_cmd_list)
    pr = sub.add_parser("run", help="run an experiment (writes tables and figures)")
    pr.add_argument("experiment", help="experiment name (see 'sigsim list experiments')")
    pr.add_argument("--quick", action="store_true", help="fewer doses/time points (a smoke run)")
    pr.add_argument("--out", help="output folder (default results/<experiment>)")
    pr.add_argument("--threads", type=int, help="threads for batched simulations")
    pr.set_defaults(func=_cmd_run)
    pi = sub.add_parser("info", help="versions, cache folder, and a model's summary")
    pi.add_argument("model", nargs="?", help="built-in model name")
    pi.set_defaults(func=_cmd_info)

    ps = sub.add_parser(
        "simulate", help="simulate a built-in model and print or write a table",
        description="Simulate a built-in model. The table has one row per output time (and "
                    "set, when --set or --y0 give several comma-separated values) and one "
                    "column per observable (default: the model's observables, else every "
                    "species). It is printed as CSV unless --out is given.")
    _add_model_args(ps)
    ps.add_argument("--observables", metavar="A,B",
                    help="comma-separated species, assignments or observables to report")
    ps.add_argument("--out", metavar="FILE.csv", help="write the table to this CSV file")
    ps.add_argument("--plot", metavar="FILE.png", help="draw the time courses to this file")
    ps.set_defaults(func=_cmd_simulate)

    pw = sub.add_parser(
        "sweep", help="sweep parameters or initial values and tabulate readouts",
        description="Sample parameters/initial values, simulate every set in engine batches "
                    "and tabulate readouts: one row per set. Readout kinds: peak, "
                    "time_to_peak, auc, value_at (name:value_at:T), end, steady_state, "
                    "fold_change.")
    _add_model_args(pw, solver_flag="--solver")
    pw.add_argument("--param", action="append", required=True,
                    metavar="NAME=LOW:HIGH[:log]",
                    help="swept parameter or species range, or NAME=v1,v2,... explicit grid "
                         "values (repeatable)")
    pw.add_argument("--method", dest="method_sweep", default="grid",
                    choices=["grid", "random", "lhs", "sobol"], help="sampling (default grid)")
    pw.add_argument("--n", type=int,
                    help="sets (random/lhs/sobol) or points per range (grid, default 5)")
    pw.add_argument("--seed", type=int, default=0, help="sampling seed (default 0)")
    pw.add_argument("--readout", action="append", required=True, metavar="NAME:KIND[:T]",
                    help="readout, e.g. pSTAT3_fraction:peak or SOCS3:value_at:60 (repeatable)")
    pw.add_argument("--out", metavar="DIR",
                    help="write sweep.csv and sweep.metadata.json here (default: print CSV)")
    pw.add_argument("--checkpoint", metavar="FILE",
                    help="save finished chunks here; rerunning the same command resumes")
    pw.add_argument("--chunk-size", type=int, default=1024,
                    help="sets per engine batch (default 1024)")
    pw.set_defaults(func=_cmd_sweep)
    return p


def main(argv=None):
    """Run the command line; returns the exit status (0 success, 2 bad input or error)."""
    from .errors import SigsimError

    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    try:
        return args.func(args)
    except (SigsimError, CLIError) as exc:
        print(f"sigsim: error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        if args.command in ("simulate", "sweep"):
            print(f"sigsim: error: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
