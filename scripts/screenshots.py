"""Screenshots of every page at the sizes people use, for looking at (not a test).

Starts one server (the browser tests' harness), opens each page in headless Chromium at each
viewport, waits for the app to finish and maps and charts to draw, and saves a full-page PNG as
`<out>/<page>_<width>x<height>[_<tag>].png`. Prints one line per shot with any problem seen
(an exception box, "Page not found", a map that never drew).

    uv run python scripts/screenshots.py [--out shots/] [--pages / /trade] [--query present=1]
        [--sizes 1440x900 1920x1080 1280x720] [--viewport-only] [--upload FILE...]

`--upload` first opens /import and uploads the files there, then reaches each page through the
navigation in the same browser session (uploads live in the session), so the pages show the
imported rows; shots are tagged `_imported`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.browser.helpers import (  # noqa: E402
    DECK_CHART,
    goto,
    launch_chromium,
    open_in_session,
    problems,
    streamlit_server,
    upload_files,
    wait_for_deck_ready,
)

PAGES = ("/", "/trade", "/displacement", "/incidents", "/corridors", "/compare", "/import", "/data")
NAV_LABELS = {"/": "Overview", "/trade": "Trade", "/displacement": "Displacement",
              "/incidents": "Incidents", "/corridors": "Corridors", "/compare": "Compare",
              "/import": "Import your files", "/data": "Data & sources"}  # fmt: skip
SIZES = ("1440x900", "1920x1080", "1280x720")
DRAW_WAIT_MS = 1_500  # vega and deck.gl draw after the script run ends
MAX_HEIGHT = 12_000
_CONTENT_HEIGHT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return Math.ceil(main ? main.scrollHeight : document.body.scrollHeight);
}"""


def page_slug(path: str) -> str:
    return path.strip("/").replace("/", "_") or "overview"


def shoot(
    browser, base: str, path: str, size: str, query: str, out: Path, full: bool, uploads=()
) -> str:
    width, height = (int(v) for v in size.split("x"))
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    notes: list[str] = []
    try:
        if uploads:
            goto(page, base, "/import", query)
            upload_files(page, uploads)
            if path != "/import":
                open_in_session(page, NAV_LABELS[path])
        else:
            goto(page, base, path, query)
        if page.locator(DECK_CHART).count():
            try:
                wait_for_deck_ready(page, timeout=30_000)
            except Exception:  # noqa: BLE001 - reported, the shot is still useful
                notes.append("map never drew")
        page.wait_for_timeout(DRAW_WAIT_MS)
        notes.extend(problems(page))
        tag = "_" + query.replace("=", "-").replace("&", "_") if query else ""
        tag += "_imported" if uploads else ""
        target = out / f"{page_slug(path)}_{size}{tag}.png"
        if full:  # Streamlit scrolls inside its main block: grow the window to the content
            tall = page.evaluate(_CONTENT_HEIGHT_JS)
            if tall > height:
                page.set_viewport_size({"width": width, "height": min(tall, MAX_HEIGHT)})
                page.wait_for_timeout(DRAW_WAIT_MS)
        page.screenshot(path=str(target))
        return f"{target}  {'; '.join(notes) or 'ok'}"
    finally:
        context.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "test-artifacts" / "shots")
    ap.add_argument("--pages", nargs="*", default=list(PAGES))
    ap.add_argument("--sizes", nargs="*", default=list(SIZES))
    ap.add_argument("--query", default="", help="query string for every page, e.g. present=1")
    ap.add_argument("--viewport-only", action="store_true", help="the first screen, not the page")
    ap.add_argument("--upload", nargs="*", type=Path, default=[], help="files to import first")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with streamlit_server() as base, sync_playwright() as p:
        browser = launch_chromium(p)
        goto(browser.new_page(), base, "/")  # pay the cold imports once
        for path in args.pages:
            for size in args.sizes:
                full = not args.viewport_only
                print(shoot(browser, base, path, size, args.query, args.out, full, args.upload))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
