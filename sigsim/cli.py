"""Command line: ``sigsim list``, ``sigsim run``, ``sigsim info``."""

from __future__ import annotations

import argparse
import difflib
import importlib
import pkgutil
import sys

_EXPERIMENTS = "sigsim._builtin_experiments"


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


def build_parser():
    from . import __version__

    p = argparse.ArgumentParser(prog="sigsim", description="Simulate interleukin signaling "
                                "and drug blockade in the tumor microenvironment.")
    p.add_argument("--version", action="version", version=f"sigsim {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    pl = sub.add_parser("list", help="list built-in models or experiments")
    pl.add_argument("what", choices=["models", "experiments"])
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
    return p


def main(argv=None):
    from .errors import SigsimError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SigsimError as exc:
        print(f"sigsim: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
