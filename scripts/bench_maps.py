"""Time to the map drawn, per map page: from the browser's navigation start to the deck.gl map
initialised with every layer loaded (data fetched by URL included), plus the bytes it took.

    uv run python scripts/bench_maps.py [--runs 5] [--pages / /trade] [--query present=1]
        [--before DIR] [--after DIR] [--warm]

`--before DIR` also serves another checkout of the app (for example `git archive main | tar -x
-C /tmp/cam-before`) from the same interpreter, with DIR/src first on the import path, and
interleaves the two run by run, so that a busy machine weighs on both alike; `--after DIR`
measures another checkout than this one. Every run opens the
page in a fresh browser context (empty HTTP cache); `--warm` opens it once more in the same
context and times that second visit (Streamlit's bundle and the map layers from the cache).

Columns: `drawn` median seconds to the map drawn (and min-max), `painted` median seconds until
the GPU has finished the frame that draws every layer, sublayers of the context included (with
software WebGL the GPU process keeps compiling and drawing for seconds after `drawn`: a forced
redraw of the complete deck is read back with `readPixels`, which waits for all of it), `ws kB`
websocket bytes received (elements, chart and deck JSON), `layers kB` bytes of map layers fetched
over HTTP (`/map-data/`, `/map-tiles/`). Exits 0 whatever the figures (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.browser.helpers import (  # noqa: E402
    DECK_STATE_JS,
    FIND_DECK_JS,
    free_port,
    goto,
    launch_chromium,
    stop_process,
    wait_healthy,
)

PAGES = ("/", "/trade", "/displacement", "/incidents", "/corridors")
GIVE_UP_MS = 60_000
LAYER_PATHS = ("/map-data/", "/map-tiles/")


@contextmanager
def serve(app_dir: Path, log_dir: Path):
    """`streamlit run app.py` in `app_dir`, its own `src/` first on the import path."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = log_dir / f"bench-maps-{port}.log"
    env = {**os.environ, "PYTHONPATH": str(app_dir / "src")}
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with open(log, "w") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=app_dir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        wait_healthy(proc, base, log, timeout=120)
        yield base
    finally:
        stop_process(proc)


def _counting(page) -> dict:
    counts = {"ws": 0, "layers": 0}

    def on_ws(ws) -> None:
        ws.on(
            "framereceived", lambda payload: counts.__setitem__("ws", counts["ws"] + len(payload))
        )

    def on_response(response) -> None:
        if any(p in response.url for p in LAYER_PATHS):
            with contextlib.suppress(Exception):  # a cancelled request counts nothing
                counts["layers"] += len(response.body())

    page.on("websocket", on_ws)
    page.on("response", on_response)
    return counts


def time_to_map(page, base: str, path: str, query: str) -> float | None:
    """Seconds from navigation start to the deck drawn with all layers loaded (None: never)."""
    goto(page, base, path, query, timeout=GIVE_UP_MS)
    try:
        handle = page.wait_for_function(
            f"""() => {{ const s = ({DECK_STATE_JS})();
                 return s && s.ready ? performance.now() : null; }}""",
            timeout=GIVE_UP_MS,
            polling=50,
        )
    except Exception:  # noqa: BLE001 - reported as a missing figure
        return None
    return float(handle.json_value()) / 1000.0


# Once every layer and sublayer is loaded and nothing awaits an update: one more draw of the
# whole deck, then a one-pixel readPixels, which returns only when the GPU has executed all of it.
PAINTED_JS = f"""() => {{
  const deck = ({FIND_DECK_JS})(0);
  if (!deck || !deck.isInitialized || !deck.layerManager || !deck.device) return null;
  const lm = deck.layerManager;
  const layers = lm.getLayers();
  const done = layers.length > 0 && !lm.needsUpdate()
    && layers.every(l => (l.isLoaded || l.constructor.layerName === 'BitmapLayer')
                         && (!l.isComposite || l.getSubLayers().length > 0));
  if (!done) return null;
  deck.redraw('bench');
  const gl = deck.device.gl;
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  return performance.now();
}}"""


def time_to_painted(page) -> float | None:
    try:
        handle = page.wait_for_function(PAINTED_JS, timeout=GIVE_UP_MS, polling=50)
    except Exception:  # noqa: BLE001 - reported as a missing figure
        return None
    return float(handle.json_value()) / 1000.0


def one_run(browser, base: str, path: str, query: str, warm: bool) -> dict:
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = context.new_page()
        counts = _counting(page)
        drawn = time_to_map(page, base, path, query)
        painted = time_to_painted(page) if drawn is not None else None
        if warm:
            page2 = context.new_page()
            counts = _counting(page2)
            drawn = time_to_map(page2, base, path, query)
            painted = time_to_painted(page2) if drawn is not None else None
        return {"drawn": drawn, "painted": painted, **counts}
    finally:
        context.close()


def summary(label: str, path: str, runs: list[dict]) -> str:
    times = [r["drawn"] for r in runs if r["drawn"] is not None]
    missing = len(runs) - len(times)
    med = f"{statistics.median(times):6.2f}" if times else "   n/a"
    spread = f"{min(times):.2f}-{max(times):.2f}" if times else "-"
    painted = [r["painted"] for r in runs if r.get("painted") is not None]
    paint = f"{statistics.median(painted):6.2f}" if painted else "   n/a"
    ws = statistics.median(r["ws"] for r in runs) / 1000
    layers = statistics.median(r["layers"] for r in runs) / 1000
    note = f"  ({missing} never drew)" if missing else ""
    return f"{label:<8}{path:<15}{med} s  [{spread:>11}]  {paint} s  {ws:8.0f}  {layers:9.0f}{note}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pages", nargs="*", default=list(PAGES))
    ap.add_argument("--query", default="")
    ap.add_argument("--before", type=Path, default=None, help="another checkout to compare")
    ap.add_argument("--after", type=Path, default=REPO_ROOT, help="the checkout to measure")
    ap.add_argument("--warm", action="store_true", help="time a second visit (HTTP cache warm)")
    args = ap.parse_args()
    log_dir = REPO_ROOT / "test-artifacts"
    log_dir.mkdir(exist_ok=True)
    apps = {"after": args.after.resolve()}
    if args.before:
        apps = {"before": args.before.resolve(), **apps}
    results: dict[tuple[str, str], list[dict]] = {}
    with ExitStack() as stack, sync_playwright() as p:
        bases = {label: stack.enter_context(serve(d, log_dir)) for label, d in apps.items()}
        browser = launch_chromium(p)
        for base in bases.values():  # pay each server's cold imports, untimed
            goto(browser.new_page(), base, "/", timeout=120_000)
        started = time.perf_counter()
        for _ in range(args.runs):
            for path in args.pages:
                for label, base in bases.items():
                    run = one_run(browser, base, path, args.query, args.warm)
                    results.setdefault((label, path), []).append(run)
        browser.close()
    print(
        f"time to map drawn, median of {args.runs} ({'warm' if args.warm else 'cold'} cache, "
        f"1920x1080{', ' + args.query if args.query else ''}); "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    print(
        f"{'app':<8}{'page':<15}{'drawn':>8}  {'[min-max]':>13}  {'painted':>8}  {'ws kB':>8}  "
        f"{'layers kB':>9}"
    )
    for path in args.pages:
        for label in apps:
            print(summary(label, path, results[(label, path)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
