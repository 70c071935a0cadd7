"""Cold start: from `streamlit run app.py` to the Overview fully drawn in headless Chromium.

Each run starts a fresh server process on a free port and opens `/` in a fresh browser context
(no HTTP cache). The clock starts just before the process is spawned and stops when the script
has finished running, a deck.gl canvas has a non-zero size and at least one vega chart has drawn
its marks. Chromium itself is launched once, before the first run, and not timed.

    uv run python scripts/bench_startup.py [--runs 5] [--path /] [--app FILE] [--visit-after S]

`--app scripts/reference_app.py` measures the floor on this machine: the same clock for a page
holding one small chart and one small map (Streamlit, pandas and pydeck, nothing of ours).
`--browser-cache` keeps one browser context (and port) across runs after an untimed first visit:
the server starts cold each time, Streamlit's frontend comes from the browser's HTTP cache.
`--visit-after 10` opens the page 10 s after the spawn and times from the visit: the first
visitor of a server that has had time to warm up (see dashboard_core/ui/server.py).
`--disk-cache cold` (the default) gives every run an empty `CAM_CACHE_DIR`, as a server
starting on a data file it has not seen; `warm` keeps one cache folder, filled by an untimed
start first, as a server restarted on the same file (see dashboard_core/data/disk_cache.py).
`--client protocol` opens the page with scripts/streamlit_session.py instead of Chromium: the
requests, WebSocket and messages of a browser tab, nothing drawn. The clock stops when the
script has finished and every message of the first page has arrived ("ready"). On this machine
Chromium takes about as much CPU as the server while it draws the page, and takes it from the
same two cores; in use it runs on the visitor's machine. This mode times the server alone.

Targets: median < 4 s drawn; at 10M trade rows, ready within 5 s of the start (issue 14).
Exits 0 whatever the figures (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from browser.helpers import (  # noqa: E402
    app_path,
    free_port,
    launch_chromium,
    page_not_found,
    start_streamlit,
    stop_process,
    wait_healthy,
)

TARGET_S = 4.0
GIVE_UP_S = 60.0
# Once the script is idle, how long to keep waiting for a deck/vega that may never come.
GRACE_AFTER_IDLE_S = 15.0

_STATE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const idle = !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED';
  const deck = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')]
    .some(c => c.width > 0 && c.height > 0);
  const vega = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter(el => { const m = el.querySelector('svg.marks, canvas.marks');
                    return m && (m.getAttribute('width') || m.width || 0) > 0; }).length;
  return {idle, deck, vega};
}
"""


def one_run(
    browser,
    path: str,
    log_dir: Path,
    app: Path,
    visit_after: float = 0.0,
    cached: tuple | None = None,
) -> dict:
    """`cached`: (context, port) of a browser that has opened the app before, on that port, so
    Streamlit's frontend comes from its HTTP cache; None: a fresh context with an empty cache."""
    port = cached[1] if cached else free_port()
    base = f"http://127.0.0.1:{port}"
    log = log_dir / f"streamlit-{port}-{time.monotonic_ns()}.log"
    t0 = time.perf_counter()
    proc = start_streamlit(app, port, log)
    context = cached[0] if cached else browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        wait_healthy(proc, base, log, timeout=GIVE_UP_S)
        t_health = time.perf_counter() - t0
        if visit_after:  # a visitor arriving later: the clock restarts when the page is opened
            time.sleep(max(0.0, visit_after - t_health))
            t0 = time.perf_counter()
        page = context.new_page()
        page.goto(base + path, wait_until="commit")
        idle_at = None
        state: dict = {}
        while time.perf_counter() - t0 < GIVE_UP_S:
            state = page.evaluate(_STATE_JS)
            now = time.perf_counter() - t0
            if state["idle"] and idle_at is None:
                idle_at = now
            if state["idle"] and state["deck"] and state["vega"] >= 1:
                return {"total": now, "health": t_health, "idle": idle_at, "missing": ""}
            if idle_at is not None and now - idle_at > GRACE_AFTER_IDLE_S:
                break
            time.sleep(0.03)
        missing = [k for k, ok in (("idle", state.get("idle")), ("deck", state.get("deck")),
                                   ("vega", state.get("vega"))) if not ok]  # fmt: skip
        if page_not_found(page):
            missing.append("page-not-found")
        return {"total": None, "health": t_health, "idle": idle_at, "missing": ",".join(missing)}
    finally:
        if cached:
            page.close()
        else:
            context.close()
        stop_process(proc)


def protocol_run(path: str, log_dir: Path, app: Path, visit_after: float = 0.0) -> dict:
    """One cold start opened by a WebSocket client as a browser tab would, without drawing:
    'total' is the first page's script finished with all its messages received."""
    from streamlit_session import BrowserSession, LoadTestError, SessionReport

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = log_dir / f"streamlit-{port}-{time.monotonic_ns()}.log"
    t0 = time.perf_counter()
    proc = start_streamlit(app, port, log)
    try:
        wait_healthy(proc, base, log, timeout=GIVE_UP_S)
        t_health = time.perf_counter() - t0
        if visit_after:
            time.sleep(max(0.0, visit_after - t_health))
            t0 = time.perf_counter()
        report = SessionReport(index=0)

        async def visit() -> None:
            with ThreadPoolExecutor(max_workers=2) as pool:
                session = BrowserSession(base, path, "", report, pool)
                try:
                    await session.open_page(GIVE_UP_S)
                finally:
                    await session.close()

        try:
            asyncio.run(visit())
        except LoadTestError as error:
            report.errors.append(str(error))
        ready = time.perf_counter() - t0
        if report.errors:
            return {"total": None, "health": t_health, "idle": None,
                    "missing": "; ".join(report.errors)}  # fmt: skip
        return {"total": ready, "health": t_health, "idle": ready, "missing": ""}
    finally:
        stop_process(proc)


def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:6.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--path", default="/")
    ap.add_argument(
        "--app",
        type=Path,
        default=None,
        help="another script to serve, e.g. scripts/reference_app.py (the floor: Streamlit, "
        "pandas, one chart and one map)",
    )
    ap.add_argument(
        "--visit-after",
        type=float,
        default=0.0,
        metavar="S",
        help="open the page S seconds after the spawn and time from the visit, not the spawn",
    )
    ap.add_argument(
        "--disk-cache",
        choices=("cold", "warm"),
        default="cold",
        help="cold: an empty CAM_CACHE_DIR per run; warm: one, filled by an untimed first start",
    )
    ap.add_argument(
        "--client",
        choices=("browser", "protocol"),
        default="browser",
        help="browser: headless Chromium, timed to the page drawn; protocol: a WebSocket client "
        "doing what a tab does without drawing, timed to the first page received (the server "
        "alone)",
    )
    ap.add_argument(
        "--browser-cache",
        action="store_true",
        help="a browser that has opened the app before: one context kept across runs, same "
        "port, Streamlit's frontend from its HTTP cache (the server still starts cold)",
    )
    args = ap.parse_args()
    app = args.app.resolve() if args.app else app_path()
    if not app.exists():
        print(f"{app} does not exist yet: nothing to measure")
        return 0
    if args.client == "protocol" and args.browser_cache:
        print("--browser-cache needs --client browser")
        return 2
    results = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        browser = None
        if args.client == "browser":
            browser = launch_chromium(stack.enter_context(sync_playwright()))

        def run(visit_after: float = 0.0, cached: tuple | None = None) -> dict:
            if browser is None:
                return protocol_run(args.path, Path(tmp), app, visit_after)
            return one_run(browser, args.path, Path(tmp), app, visit_after, cached)

        cached = None
        os.environ["CAM_CACHE_DIR"] = str(Path(tmp) / "disk-cache")  # the servers inherit it
        if args.browser_cache:  # one untimed visit fills the cache
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            cached = (context, free_port())
            run(cached=cached)
        elif args.disk_cache == "warm":  # one untimed start fills the disk cache
            run()
        cache = "browser cache filled" if cached else "empty browser cache"
        if browser is None:
            cache = "WebSocket client, nothing drawn"
        print(f"cold start of {app.name}, page {args.path}, {args.runs} runs, {cache}, "
              f"{args.disk_cache} disk cache (seconds)")  # fmt: skip
        last = "drawn" if browser else "ready"
        print(f"{'run':>3}  {'health':>6}  {'script':>6}  {last:>6}  missing")
        for i in range(1, args.runs + 1):
            if args.disk_cache == "cold":
                os.environ["CAM_CACHE_DIR"] = str(Path(tmp) / f"disk-cache-{i}")
            r = run(args.visit_after, cached)
            results.append(r)
            times = f"{fmt(r['health'])}  {fmt(r['idle'])}  {fmt(r['total'])}"
            print(f"{i:>3}  {times}  {r['missing']}")
        if browser is not None:
            browser.close()
    done = [r["total"] for r in results if r["total"] is not None]
    if done:
        med = statistics.median(done)
        if browser is None:
            print(f"median ready: {med:.2f} s over {len(done)} runs")
        else:
            verdict = "OK" if med < TARGET_S else "OVER TARGET"
            print(f"median drawn: {med:.2f} s over {len(done)} runs", end=" ")
            print(f"(target < {TARGET_S:.0f} s): {verdict}")
    else:
        print("the page never finished; see 'missing'")
    print(
        "health: /_stcore/health answers; script: first run done; drawn: deck + vega drawn;"
        " ready: the first page received (--client protocol)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
