"""Per-URL cost of the hostile-URL browser suite (tests/browser/test_hostile.py): one server,
one Chromium page, each page's hostile queries opened in turn as the test does (goto, wait until
the app has finished, scan for injected elements). Prints the median, max and total per page and
the whole replay's estimate.

    uv run python scripts/bench_hostile.py [--per-page 12] [--pages / /trade]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from tests.browser.helpers import ARTIFACTS_DIR, goto, launch_chromium, streamlit_server  # noqa: E402
from tests.browser.hostile import PAGES, app_queries, bad_paths, injected_elements  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-page", type=int, default=12, help="queries timed per page")
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    args = parser.parse_args()
    rows = []
    with (
        streamlit_server(log_path=ARTIFACTS_DIR / "bench-hostile.log") as url,
        sync_playwright() as p,
    ):
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        goto(page, url, "/", timeout=120_000)  # cold imports and caches: not timed
        for path in args.pages:
            goto(page, url, path)  # the page's own caches, as the suite's earlier tests leave them
            times = []
            for query in app_queries(path)[: args.per_page]:
                started = time.monotonic()
                goto(page, url, path, query)
                injected_elements(page)
                times.append(time.monotonic() - started)
            rows.append((path, statistics.median(times), max(times), len(app_queries(path))))
        browser.close()
    print(f"{'page':<14}{'median s':>10}{'max s':>8}{'queries':>9}{'estimate s':>12}")
    total = 0.0
    for path, median, worst, count in rows:
        estimate = median * count
        total += estimate
        print(f"{path:<14}{median:>10.2f}{worst:>8.2f}{count:>9}{estimate:>12.0f}")
    paths = sum(len(bad_paths(p)) for p in args.pages)
    print(f"replay of the app queries: about {total:.0f} s (+ {paths} bad paths, ~0.1 s each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
