"""Server-side rerun time after a filter change, per page, on the embedded data.

Drives the app headlessly with `streamlit.testing.v1.AppTest` (no browser, no server): open a
page, run once to warm the caches, then N times change a shared filter and time `at.run()`.
Two filters are exercised separately, each cycling through distinct values so that most runs
are not pure cache hits:
- `years`: the sidebar year-range slider (key "years"; the start year steps through the range);
- `countries`: the sidebar country multiselect (key "countries"; one selected country dropped in
  turn, or one added when none is selected);
then N reruns with nothing changed (`(cached)`: every page-level cache hits, what a rerun costs
when its frames are cached). Each row gives wall times and the process CPU per rerun.
These keys are the shared-filter widget keys, which double as URL parameter names
(`dashboard_core.data.filters.PARAM_YEARS` / `PARAM_COUNTRIES`, drawn by
`ui.state.sidebar_filters`).
Pages are opened with `at.switch_page(<file>)`, the file taken from PAGES. Where the app has a
`pages/` folder, Streamlit's legacy-routing flag is forced off after each AppTest setup (see
`steady_state_routing`), as it is in a server after its first run.

    uv run python scripts/bench_rerun.py [--runs 20] [--pages / /trade ...] [--query NAME=VALUE]

Pages with their analyses in tabs (Trade, Displacement) compute only the open tab; `--query`
opens another one (`--query "section=Mirror view"`).

Target: median < 150 ms after a change, < 50 ms cached. Exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager  # noqa: TID251 - drives the app
from streamlit.testing.v1 import AppTest  # noqa: TID251

REPO_ROOT = Path(__file__).resolve().parents[1]
APP = REPO_ROOT / os.environ.get("APP_PATH", "app.py")
# URL path -> page script (relative to the app's folder), as in app.py's st.navigation list.
PAGES = {
    "/": "pages/overview.py",
    "/trade": "pages/trade.py",
    "/displacement": "pages/displacement.py",
    "/incidents": "pages/incidents.py",
    "/corridors": "pages/corridors.py",
    "/compare": "pages/compare.py",
    "/data": "pages/data.py",
}
KEY_YEARS = "years"
KEY_COUNTRIES = "countries"
TARGET_MS = 150.0
CACHED_TARGET_MS = 50.0  # a rerun that changes nothing: every frame of the page is cached
CACHED = "(cached)"
RUN_TIMEOUT_S = 60
# Widget kinds a filter key may be drawn with (AppTest accessor names).
KINDS = ("slider", "select_slider", "multiselect", "pills", "segmented_control", "selectbox")


def steady_state_routing() -> None:
    """Run every AppTest run the way a long-running server does.

    With a folder named `pages/` beside the main script, Streamlit starts in its legacy
    (MPA v1) mode and only leaves it once some run calls `st.navigation`; a server does that once
    per process, but AppTest resets the flag before *every* run, and in that mode the sidebar
    widgets drawn before `st.navigation` vanish after a rerun (so no filter could be changed).
    Forcing the flag off after PagesManager sets it gives the server's steady state.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init


def find_widget(at: AppTest, key: str):
    """The widget with this key, whatever kind it is, or None."""
    for kind in KINDS:
        try:
            return getattr(at, kind)(key=key)
        except (KeyError, AttributeError):
            continue
    return None


def year_values(widget, n: int) -> list:
    lo, hi = widget.min, widget.max
    span = max(hi - lo, 1)
    return [(lo + (i % span), hi) if i % span else (lo, hi) for i in range(1, n + 1)]


def country_values(widget, n: int) -> list:
    current = list(widget.value)
    options = list(widget.options)
    if not current:  # nothing selected: add one option in turn
        return [[options[i % len(options)]] for i in range(n)]
    out = []
    for i in range(n):
        if i % 2:  # every other run goes back to the full selection
            out.append(current)
        else:
            drop = current[(i // 2) % len(current)]
            out.append([c for c in current if c != drop])
    return out


def timed_run(at: AppTest) -> tuple[float, float]:
    """(wall ms, CPU ms of the whole process) of one `at.run()`: the script's thread does the
    work while the main thread waits, so the process CPU is the rerun's CPU, which a busy
    neighbour disturbs less than the wall time."""
    c0, t0 = time.process_time(), time.perf_counter()
    at.run(timeout=RUN_TIMEOUT_S)
    return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000


def time_changes(at: AppTest, key: str, n: int) -> tuple[list[float], list[float], str]:
    """Wall and CPU times of `n` reruns after a change of the filter `key`; `key` None reruns
    `n` times with nothing changed (every page-level cache hit)."""
    if key is None:
        values = [None] * n
    else:
        widget = find_widget(at, key)
        if widget is None:
            return [], [], f"no widget with key {key!r}"
        values = year_values(widget, n) if key == KEY_YEARS else country_values(widget, n)
    timings, cpu = [], []
    for value in values:
        if key is not None:
            find_widget(at, key).set_value(value)
        wall, used = timed_run(at)
        timings.append(wall)
        cpu.append(used)
        if at.exception:
            return timings, cpu, f"exception: {at.exception[0].message[:200]}"
    return timings, cpu, ""


def stats(ms: list[float]) -> tuple[float, float]:
    if not ms:
        return float("nan"), float("nan")
    ordered = sorted(ms)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return statistics.median(ordered), p90


def bench_page(path: str, script: str, n: int, query: dict[str, str] | None = None) -> list[str]:
    at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S)
    t0 = time.perf_counter()
    at.run()
    if script != PAGES["/"]:
        at.switch_page(script)
        at.run()
    if query:  # page widgets bound to the URL, e.g. the open tab: section=Mirror view
        for name, value in query.items():
            at.query_params[name] = value
        at.run()
    first_ms = (time.perf_counter() - t0) * 1000
    if at.exception:
        return [f"{path:<14} first run raised: {at.exception[0].message[:200]}"]
    rows = []
    for key in (KEY_YEARS, KEY_COUNTRIES, None):
        timings, cpu, problem = time_changes(at, key, n)
        med, p90 = stats(timings)
        target = TARGET_MS if key else CACHED_TARGET_MS
        verdict = "OK" if med < target else "OVER TARGET"
        if problem:
            verdict = problem
        rows.append(
            f"{path:<14} {key or CACHED:<10} {first_ms:>8.0f} {med:>8.0f} {p90:>8.0f} "
            f"{max(timings, default=float('nan')):>8.0f} {stats(cpu)[0]:>8.0f}  {verdict}"
        )
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--pages", nargs="*", default=list(PAGES))
    ap.add_argument(
        "--query",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="URL parameter set on each page before timing (repeatable), e.g. the open tab: "
        "--query 'section=Mirror view'",
    )
    args = ap.parse_args()
    query = dict(q.split("=", 1) for q in args.query)
    if not APP.exists():
        print(f"{APP} does not exist yet: nothing to measure")
        return 0
    os.chdir(APP.parent)
    if (APP.parent / "pages").is_dir():
        steady_state_routing()
    print(f"server-side rerun after a filter change, AppTest, {args.runs} changes per filter (ms)")
    print(
        f"{'page':<14} {'filter':<10} {'first':>8} {'median':>8} {'p90':>8} {'max':>8} "
        f"{'cpu med':>8}  verdict"
    )
    for path in args.pages:
        script = PAGES.get(path)
        if script is None or not (APP.parent / script).exists():
            print(f"{path:<14} page script {script or '?'} does not exist (yet)")
            continue
        try:
            rows = bench_page(path, script, args.runs, query)
        except Exception as exc:  # a page under construction must not stop the others
            rows = [f"{path:<14} failed: {type(exc).__name__}: {str(exc)[:200]}"]
        for row in rows:
            print(row, flush=True)
    print("first = cold run of app + page in a fresh AppTest (caches shared across pages);")
    print(f"{CACHED} = rerun with nothing changed (every cached frame hit); cpu med = the")
    print("process CPU per rerun, median (less disturbed by a busy machine than wall time);")
    print(f"target: median < {TARGET_MS:.0f} ms after a change, < {CACHED_TARGET_MS:.0f} ms cached")
    return 0


if __name__ == "__main__":
    sys.exit(main())
