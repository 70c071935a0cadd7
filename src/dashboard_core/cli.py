"""Command line: `python -m dashboard_core build | prepare | validate | audit | import | serve`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dashboard_core.data import paths


def _cmd_build(args: argparse.Namespace) -> int:
    from dashboard_core.pipeline.build import BuildError, build
    from dashboard_core.pipeline.publish import PublishError
    from dashboard_core.pipeline.raw import RawDataError

    data_dir = Path(args.data_dir) if args.data_dir else paths.data_dir()
    try:
        result = build(data_dir / "raw", Path(args.realdata), data_dir)
    except (BuildError, PublishError, RawDataError, ValueError, FileNotFoundError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        print("data/clean and data/datapackage.json were left as they were.", file=sys.stderr)
        return 2
    for name, frame in sorted(result.tables.items()):
        print(f"{name:<14}{len(frame):>8} rows")
    print(f"wrote {len(result.written)} files to {data_dir}; data version {result.version}")
    _prepare(data_dir)  # for every server that starts on this build
    return 0


def _prepare(data_dir: Path) -> bool:
    """Keep the Trade page's whole-table figures in <data>/derived; says what happened."""
    from dashboard_core.trade.transforms import prepare_context

    try:
        kept = prepare_context(data_dir / "clean")
    except Exception as exc:  # noqa: BLE001 - the data stand; servers work the figures out
        print(f"the Trade page's figures were not kept beside the data: {exc}", file=sys.stderr)
        return False
    if not kept:
        print(
            f"the Trade page's figures were not kept: no readable {data_dir / 'clean'}/"
            f"trade.parquet, or {data_dir / 'derived'} cannot be written",
            file=sys.stderr,
        )
        return False
    print(f"kept the Trade page's whole-table figures in {data_dir / 'derived'}")
    return True


def _cmd_prepare(args: argparse.Namespace) -> int:
    return 0 if _prepare(Path(args.data_dir) if args.data_dir else paths.data_dir()) else 1


def _cmd_validate(args: argparse.Namespace) -> int:
    from dashboard_core.data.validate import format_report, validate

    clean = Path(args.data_dir) / "clean" if args.data_dir else None
    report = validate(clean)
    print(format_report(report))
    return 0 if report.ok else 1


def _cmd_audit(args: argparse.Namespace) -> int:
    from dashboard_core.data import loading
    from dashboard_core.data.audit import FIGURE_COLUMNS, audit_all

    seeds = Path(args.seeds)
    if not seeds.is_dir():
        print(f"audit skipped: no seed folder at {seeds} (pass --seeds PATH)", file=sys.stderr)
        return 2
    tables = {name: loading.load_table(name) for name in FIGURE_COLUMNS}
    checked, failures = audit_all(tables, loading.load_table("sources"), seeds)
    for failure in failures:
        print(f"NOT FOUND  {failure}")
    print(f"{checked} seed figures checked, {len(failures)} not found at their locator")
    return 1 if failures else 0


def _cmd_import(args: argparse.Namespace) -> int:
    from dashboard_core.importers.commandline import run

    return run(args)


def _cmd_serve(args: argparse.Namespace) -> int:
    from dashboard_core.serving.serve import ServeOptions, serve

    return serve(
        ServeOptions(
            workers=args.workers,
            port=args.port,
            address=args.address,
            backends=tuple(args.backend),
            proxy_binary=args.proxy,
            log_dir=args.log_dir,
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard_core", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="turn data/raw and shared/realdata into data/clean")
    build.add_argument("--realdata", default=str(paths.DEFAULT_REALDATA), help="publisher files")
    build.add_argument("--data-dir", default=None, help="project data folder (default: data/)")
    build.set_defaults(func=_cmd_build)
    prepare = sub.add_parser(
        "prepare",
        help="keep the Trade page's whole-table figures in data/derived (done by build; again "
        "after upgrading the app, or for a trade file written by other means)",
    )
    prepare.add_argument("--data-dir", default=None, help="project data folder (default: data/)")
    prepare.set_defaults(func=_cmd_prepare)
    check = sub.add_parser("validate", help="check data/clean against the contract")
    check.add_argument("--data-dir", default=None)
    check.set_defaults(func=_cmd_validate)
    audit = sub.add_parser("audit", help="re-find every seed_verified figure in the seeds")
    audit.add_argument("--seeds", default=str(paths.DEFAULT_SEEDS))
    audit.set_defaults(func=_cmd_audit)
    from dashboard_core.importers.commandline import add_arguments

    imp = sub.add_parser("import", help="add publisher files as separately removable layers")
    add_arguments(imp)
    imp.set_defaults(func=_cmd_import)
    run = sub.add_parser(
        "serve",
        help="N app processes behind HAProxy with sticky sessions (Ctrl-C stops them all)",
    )
    run.add_argument("--workers", type=int, default=2, help="streamlit processes (default 2)")
    run.add_argument("--port", type=int, default=8501, help="the proxy's port (default 8501)")
    run.add_argument(
        "--address", default="127.0.0.1", help="the proxy's address (default 127.0.0.1)"
    )
    run.add_argument(
        "--backend",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="proxy only, in front of app processes started elsewhere (repeatable)",
    )
    run.add_argument("--proxy", default=None, metavar="PATH", help="the HAProxy binary")
    run.add_argument("--log-dir", default=None, help="keep the workers' logs in this folder")
    run.set_defaults(func=_cmd_serve)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # Every command reports what went wrong in words; CAM_DEBUG=1 shows the traceback.
        if os.environ.get("CAM_DEBUG"):
            raise
        print(f"{args.command} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("(set CAM_DEBUG=1 to see where)", file=sys.stderr)
        return 2
