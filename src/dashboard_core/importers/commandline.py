"""`python -m dashboard_core import`: the importers on the command line.

    import PATH... [--dry-run] [--format NAME] [--encoding NAME] [--flow export|import]
                   [--years FROM TO]
    import --list
    import --remove ID
    import --formats

Per file it prints the report (format recognised, rows read, kept and set aside with the reason
and an example row, totals reconciled, datasets fed) and, without --dry-run, the new layer's
id. A bad file gets one message naming the file, row and column; nothing is written for it and
the other files go on. A progress bar runs on standard error while a file is read.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard_core.importers import registry, store
from dashboard_core.importers.base import ImportFileError
from dashboard_core.importers.mapping import Scope


class ProgressBar:
    """A one-line bar on stderr, redrawn at most ten times a second."""

    def __init__(self, label: str, stream=sys.stderr, width: int = 30) -> None:
        self.label, self.stream, self.width = label, stream, width
        self._last = 0.0
        self.enabled = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self._last < 0.1:
            return
        self._last = now
        share = min(done / total, 1.0) if total else 0.0
        filled = int(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label[:30]:<30} [{bar}] {share:4.0%}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (self.width + 40) + "\r")
            self.stream.flush()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="publisher files to import")
    parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    parser.add_argument("--format", default=None, help="force a format (see --formats)")
    parser.add_argument("--encoding", default=None, help="text encoding if not UTF-8/UTF-16")
    parser.add_argument(
        "--flow",
        choices=("export", "import"),
        default=None,
        help="for tables that do not say (stat.uz by partner)",
    )
    parser.add_argument("--years", nargs=2, type=int, default=None, metavar=("FROM", "TO"))
    parser.add_argument("--list", action="store_true", help="list imported layers")
    parser.add_argument("--remove", metavar="ID", default=None, help="remove one layer")
    parser.add_argument("--formats", action="store_true", help="list the formats recognised")
    parser.add_argument("--data-dir", default=None, help="data folder (default: data/)")


def _list(data_dir: Path | None) -> int:
    layers = store.list_layers(data_dir)
    if not layers:
        print("no imported layers")
    for layer in layers:
        feeds = ", ".join(f"{k} {v:,}" for k, v in layer.datasets.items()) or "nothing"
        src = layer.source
        print(
            f"{layer.id}  {src['file_name']}  [{src['format']}]  {src['imported_at']}  "
            f"feeds {feeds}"
        )
    return 0


def run(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else None
    if args.formats:
        for fmt in registry.formats():
            print(f"{fmt.name:<22} {fmt.label} -> {', '.join(fmt.datasets)}")
        return 0
    if args.list:
        return _list(data_dir)
    if args.remove:
        try:
            store.remove_layer(args.remove, data_dir)
        except KeyError as exc:
            print(f"import --remove: {exc.args[0]}", file=sys.stderr)
            return 2
        print(f"removed {args.remove}")
        return 0
    if not args.paths:
        print("import: give one or more files, or --list, --remove ID, --formats", file=sys.stderr)
        return 2
    scope = Scope(years=tuple(sorted(args.years))) if args.years else Scope()  # type: ignore
    options = {"flow": args.flow} if args.flow else {}
    failures = 0
    for name in args.paths:
        path = Path(name)
        bar = ProgressBar(path.name)
        try:
            if args.dry_run:
                result = registry.stream(
                    path, args.format, bar, scope, args.encoding, options=options
                )
                for _ in result.chunks:
                    pass
                report, done = result.report, "dry run: nothing written"
            else:
                layer, report = store.add_layer(
                    path, args.format, bar, scope, args.encoding, options, data_dir
                )
                done = f"added as layer {layer.id} ({layer.folder})"
        except (ImportFileError, store.LayerExistsError, ValueError) as exc:
            bar.close()
            print(f"REFUSED {exc}; nothing written", file=sys.stderr)
            failures += 1
            continue
        except Exception as exc:  # a file no guard foresaw must still not end in a traceback
            bar.close()
            print(
                f"REFUSED {path.name}: could not be read ({exc.__class__.__name__}: {exc}); "
                "nothing written",
                file=sys.stderr,
            )
            failures += 1
            continue
        bar.close()
        print("\n".join(report.lines()))
        print(f"  result        {done}")
    return 1 if failures else 0
