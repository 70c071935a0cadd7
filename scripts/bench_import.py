"""Benchmark the importers on big synthetic files laid out as publishers ship them.

    uv run python scripts/bench_import.py [--rows 1000000] [--runs 3] [--out /tmp/bench-import]

Writes one synthetic file per format into --out (never under data/): a Comtrade+ CSV, an ACLED
export and a UNHCR population CSV of --rows rows, then imports each (dry run: read, map,
reconcile, discard) --runs times in a child process and prints rows, median seconds and the
child's peak memory (ru_maxrss). The figures are synthetic; only their layout is real.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.importers.samples import (  # noqa: E402
    ACLED_HEADER,
    COMTRADE_FIELDS,
    UNHCR_DATAFINDER,
    acled_row,
    comtrade_row,
)

PARTNERS = [(4, "AFG"), (860, "UZB"), (398, "KAZ"), (156, "CHN"), (643, "RUS"), (842, "USA")]


def write_files(folder: Path, rows: int) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    path = folder / "comtrade.csv"
    with path.open("w") as f:
        f.write(COMTRADE_FIELDS + "\n")
        for i in range(rows):
            code, iso = PARTNERS[i % len(PARTNERS)]
            period = f"{2000 + i % 24}{1 + i % 12:02d}"
            f.write(
                comtrade_row(
                    417,
                    "KGZ",
                    "MX"[i % 2],
                    code,
                    iso,
                    period,
                    f"{1 + i % 97:02d}{i % 100:02d}",
                    str(i % 10000),
                )
                + "\n"
            )
    files["comtrade-csv"] = path
    path = folder / "acled.csv"
    with path.open("w", encoding="utf-8-sig") as f:
        f.write(ACLED_HEADER + "\n")
        for i in range(rows):
            f.write(
                acled_row(
                    f"KGZ{i}",
                    f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    "Kyrgyzstan",
                    417,
                    "39.9",
                    "70.8",
                    i % 5,
                )
                + "\n"
            )
    files["acled-events"] = path
    path = folder / "unhcr.csv"
    head, *body = UNHCR_DATAFINDER.splitlines(keepends=True)[3:]
    with path.open("w") as f:
        f.write(head)
        for i in range(rows):
            f.write(body[i % len(body)].replace("2023", str(1990 + i % 35), 1))
    files["unhcr-datafinder"] = path
    return files


def _child(path: str, fmt: str) -> None:
    from dashboard_core.importers import stream

    start = time.perf_counter()
    run = stream(Path(path), fmt)
    for _ in run.chunks:
        pass
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{run.report.rows_read} {took:.3f} {peak:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="/tmp/bench-import")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    files = write_files(Path(args.out), args.rows)
    print(f"{'format':<18}{'rows':>12}{'size MB':>10}{'median s':>10}{'peak MB':>10}")
    for fmt, path in files.items():
        runs = []
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(path), fmt],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            runs.append((int(out[0]), float(out[1]), float(out[2])))
        size = path.stat().st_size / 1e6
        print(
            f"{fmt:<18}{runs[0][0]:>12,}{size:>10.0f}"
            f"{statistics.median(r[1] for r in runs):>10.1f}{max(r[2] for r in runs):>10.0f}"
        )


if __name__ == "__main__":
    main()
