"""Bytes sent to the browser per page view.

Starts one `streamlit run app.py`, then opens each page of PAGES in a fresh Chromium context
(cold: empty HTTP cache) and, once the app is idle and charts had time to draw, adds up
- HTTP: every finished response, headers + body as sent on the wire, from Chromium's own
  accounting (`request.sizes()`), split into `static` (Streamlit's frontend bundle under
  /static/: identical for every app, served uncompressed by Streamlit 1.67, cached `immutable`
  after the first view; `st.gz` estimates it gzipped, as a compressing proxy would send it)
  and the rest (`/media/*` files such as download payloads, `/_stcore/*`, the HTML shell);
- WS: every websocket frame the page received (Streamlit's protobuf deltas: the page's elements,
  chart data, dataframes, deck layers).
`app` = WS + non-static HTTP: what the page itself costs, the figure the 2 MB target is about.
A second, warm view of each page in a context that already loaded `/` shows what a reload
costs once the bundle is cached.

    uv run python scripts/bench_payload.py [--pages / /trade ...]

Target: under 2 MB per cold page view. Exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from browser.helpers import (  # noqa: E402
    ARTIFACTS_DIR,
    app_path,
    free_port,
    goto,
    launch_chromium,
    page_not_found,
    problems,
    start_streamlit,
    stop_process,
    wait_healthy,
)

PAGES = ["/", "/trade", "/displacement", "/incidents", "/corridors", "/compare", "/data"]
TARGET_BYTES = 2 * 1024 * 1024
DRAW_GRACE_S = 1.5  # after the script is idle, let charts fetch/draw what they still need


def _is_static(url: str) -> bool:
    """Streamlit's own frontend bundle: the same for any app, `immutable`-cached once loaded."""
    path = urlsplit(url).path
    return path.startswith("/static/") or path in ("/favicon.png", "/favicon.ico")


class Meter:
    """Counts what one page receives: HTTP responses and websocket frames."""

    def __init__(self, page) -> None:
        self.requests = []
        self.failed = []
        self.ws_bytes = 0
        self.ws_frames = 0
        page.on("requestfinished", lambda r: self.requests.append(r))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on("websocket", self._on_ws)

    def _on_ws(self, ws) -> None:
        ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload) -> None:
        self.ws_frames += 1
        self.ws_bytes += len(payload if isinstance(payload, bytes) else payload.encode())

    def http(self, gzip_estimate: bool = False) -> dict[str, int]:
        """Wire bytes (headers + body; a cache hit counts 0) split into static / app, and
        optionally what the static part would weigh gzipped (Streamlit 1.67 sends it raw)."""
        out = {"static": 0, "app": 0, "static_gz": 0}
        for req in self.requests:
            try:
                sizes = req.sizes()
            except Exception:  # a response without accounting
                continue
            n = max(sizes["responseHeadersSize"], 0) + max(sizes["responseBodySize"], 0)
            kind = "static" if _is_static(req.url) else "app"
            out[kind] += n
            if kind == "static" and gzip_estimate and sizes["responseBodySize"] > 0:
                try:
                    out["static_gz"] += len(gzip.compress(req.response().body(), 6))
                except Exception:
                    out["static_gz"] += n
        return out


def measure(browser: Browser, base: str, path: str, warm: bool) -> dict:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        if warm:  # load the static bundle first, then count only the second view
            goto(page, base, "/")
        meter = Meter(page)
        goto(page, base, path, timeout=60_000)
        time.sleep(DRAW_GRACE_S)
        return {
            **meter.http(gzip_estimate=not warm),
            "http_n": len(meter.requests),
            "ws": meter.ws_bytes,
            "ws_n": meter.ws_frames,
            "missing": page_not_found(page),
            "problems": problems(page),
            "failed": meter.failed,
        }
    finally:
        context.close()


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:7.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", nargs="*", default=PAGES)
    args = ap.parse_args()
    app = app_path()
    if not app.exists():
        print(f"{app} does not exist yet: nothing to measure")
        return 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = ARTIFACTS_DIR / "bench-payload-streamlit.log"
    proc = start_streamlit(app, port, log)
    notes = []
    try:
        wait_healthy(proc, base, log)
        with sync_playwright() as p:
            browser = launch_chromium(p)
            goto_first = browser.new_context()  # one throwaway view: the first script run
            goto(goto_first.new_page(), base, "/", timeout=60_000)  # pays the cold imports
            goto_first.close()
            print("MB received per page view. static = Streamlit's frontend bundle (same for any")
            print("app, sent uncompressed, cached as immutable); app = WS frames + other HTTP;")
            print("cold = empty cache; warm = reload with the bundle cached. Target: app < 2 MB")
            print(
                f"{'page':<14} {'static':>7} {'st.gz':>7} {'WS':>7} {'app':>7} {'cold':>7} "
                f"{'warm':>7}  reqs frames  verdict"
            )
            for path in args.pages:
                cold = measure(browser, base, path, warm=False)
                if cold["missing"]:
                    print(f"{path:<14} page does not exist (yet)")
                    continue
                warm = measure(browser, base, path, warm=True)
                app_bytes = cold["app"] + cold["ws"]
                verdict = "OK" if app_bytes < TARGET_BYTES else "OVER 2 MB"
                if cold["problems"]:
                    verdict += " (page shows an error)"
                    notes += [f"{path}: {t.strip()[:300]}" for t in cold["problems"]]
                notes += [f"{path}: request failed: {u}" for u in cold["failed"]]
                print(
                    f"{path:<14} {mb(cold['static'])} {mb(cold['static_gz'])} {mb(cold['ws'])} "
                    f"{mb(app_bytes)} {mb(app_bytes + cold['static'])} "
                    f"{mb(warm['static'] + warm['app'] + warm['ws'])}  "
                    f"{cold['http_n']:>4} {cold['ws_n']:>6}  {verdict}"
                )
            browser.close()
    finally:
        stop_process(proc)
    for note in notes:
        print("note:", note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
