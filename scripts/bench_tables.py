"""What a table and its downloads cost, on the embedded data (no Streamlit, no browser).

Per dataset, the median of N runs of:
- `screen`: putting one page of the table (500 rows, the on-screen page size) into words and
  column settings (`data.presentation.readable` + `column_specs`), the work every rerun that
  draws the table does;
- `zip`: building the download bundle of the whole filtered table (CSV + README.md +
  datapackage.json), done only when the button is clicked;
- `parquet`: the Parquet download with its key-value metadata (also only on click);
plus the bundle's size. Times are the CPU time of this process (median), so that other processes
on a shared machine disturb them less than they would wall-clock times.

    uv run python scripts/bench_tables.py [--runs 7] [--datasets trade displacement]

Target: `screen` well under 50 ms (it runs on every rerun that draws a table); `zip` under 2 s for
the largest table. Exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from dashboard_core.data import bundle, loading, presentation  # noqa: E402
from dashboard_core.data.filters import FilterChoice  # noqa: E402
from dashboard_core.data.naming import country_names  # noqa: E402

DATASETS = ("trade", "displacement", "incidents", "corridors", "events")
PAGE_ROWS = 500


def median_ms(action, runs: int) -> float:
    """Median CPU time of `action` in ms (CPU, not wall-clock: a shared machine's other
    processes then disturb the figures less)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--datasets", nargs="*", default=list(DATASETS))
    args = parser.parse_args()
    names = country_names(loading.load_table("countries"))
    sources = loading.load_table("sources")
    print(
        f"{'dataset':<14}{'rows':>8}{'screen ms':>12}{'zip ms':>10}{'parquet ms':>12}{'zip kB':>9}"
    )
    for dataset in args.datasets:
        rows = loading.load_table(dataset)
        page = rows.iloc[:PAGE_ROWS]

        def screen(page=page, dataset=dataset) -> None:
            shown = presentation.readable(page, dataset, names)
            presentation.column_specs(shown, dataset)

        ctx = bundle.BundleContext(
            dataset,
            dataset.capitalize(),
            (FilterChoice("Countries", "all six", "CA5-AFG"), FilterChoice("Years", "all", "")),
            "bench",
            datetime.now(UTC),
        )
        screen_ms = median_ms(screen, args.runs)
        zip_ms = median_ms(
            lambda rows=rows, ctx=ctx: bundle.bundle_zip(rows, ctx, sources), args.runs
        )
        parquet_ms = median_ms(
            lambda rows=rows, ctx=ctx: bundle.parquet_with_metadata(rows, ctx, sources), args.runs
        )
        size = len(bundle.bundle_zip(rows, ctx, sources)) / 1024
        print(
            f"{dataset:<14}{len(rows):>8}{screen_ms:>12.1f}{zip_ms:>10.0f}{parquet_ms:>12.0f}{size:>9.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
