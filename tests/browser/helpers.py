"""Helpers for driving the Streamlit app in Playwright (sync API).

Import them relatively from a test module in this folder: `from .helpers import goto, download`.

Streamlit facts these rely on (checked against Streamlit 1.67):
- `[data-testid="stApp"]` carries `data-test-script-state` (`initial`, `running`, `notRunning`, ...)
  and `data-test-connection-state` (`CONNECTED` once the websocket is up);
- keyed widgets sit in a container with the class `st-key-<key>` (characters outside
  `[A-Za-z0-9_-]` become `-`);
- an uncaught exception renders `[data-testid="stException"]`; `st.error` renders
  `[data-testid="stAlertContentError"]`;
- an unknown URL path opens a "Page not found" `[data-testid="stDialog"]` and runs the default page.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import weakref
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = Path(os.environ.get("TEST_ARTIFACTS_DIR", REPO_ROOT / "test-artifacts"))
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Without the background-networking flags Chromium keeps dialling Google on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

APP = '[data-testid="stApp"]'
DECK_CHART = '[data-testid="stDeckGlJsonChart"]'
VEGA_CHART = '[data-testid="stVegaLiteChart"]'

DEFAULT_TIMEOUT_MS = 60_000  # generous: a 2-core CI machine under load
SETTLE_MS = 150  # the app must stay idle this long before we call it finished

# Counts changes of the script-state attribute, and the messages the app's websocket receives, so
# `expect_rerun` can tell a fresh run from a stale idle state. A busy page may apply a run's
# "started" and "finished" in one React batch, leaving the attribute unchanged; the server's
# messages are counted all the same. Installed as an init script, so it survives navigations.
_OBSERVER_JS = """
(() => {
  if (window.__camObserved) return;
  window.__camObserved = true;
  window.__camStateChanges = 0;
  window.__camWsMessages = 0;
  window.__camWsLast = 0;
  const observe = () => new MutationObserver((records) => {
      window.__camStateChanges += records.length; })
    .observe(document, {subtree: true, attributes: true,
                        attributeFilter: ['data-test-script-state']});
  observe();
  const Native = window.WebSocket;
  if (Native && !Native.__camCounted) {
    const Counted = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', () => {
          window.__camWsMessages += 1;
          window.__camWsLast = performance.now();
        });
      }
    };
    Counted.__camCounted = true;
    window.WebSocket = Counted;
  }
})();
"""

# True once the app is idle and has stayed idle for `settle` ms (the timer lives in the page), after
# at least `minChanges` script-state changes or `minMessages` websocket messages, the last message
# `settle` ms ago or more.
_IDLE_JS = """
([settle, minChanges, minMessages]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const now = performance.now();
  const reran = (window.__camStateChanges || 0) >= minChanges
    || (window.__camWsMessages || 0) >= minMessages;
  const idle = !!app
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && reran
    && now - (window.__camWsLast || 0) >= settle;
  if (!idle) { window.__camIdleSince = null; return false; }
  if (window.__camIdleSince == null) window.__camIdleSince = now;
  return now - window.__camIdleSince >= settle;
}
"""

_instrumented: weakref.WeakSet[Page] = weakref.WeakSet()


def _instrument(page: Page) -> None:
    if page not in _instrumented:
        page.add_init_script(_OBSERVER_JS)
        _instrumented.add(page)


def app_url(base_url: str, path: str = "/", query: str | Mapping | Sequence = "") -> str:
    """`base_url` + `path` + query. `query` is a string (`"years=2015&years=2020"`, leading `?`
    optional) or a mapping / pair list, lists giving repeated parameters."""
    url = base_url.rstrip("/") + "/" + path.lstrip("/")
    if not isinstance(query, str):
        query = urlencode(query, doseq=True)
    query = query.lstrip("?")
    return f"{url}?{query}" if query else url


def wait_for_app_run(page: Page, timeout: float = DEFAULT_TIMEOUT_MS, settle_ms: int = SETTLE_MS):
    """Wait until the script is not running, the websocket is connected, no status widget shows,
    and that has held for `settle_ms`."""
    page.evaluate("window.__camIdleSince = null")
    page.wait_for_function(_IDLE_JS, arg=[settle_ms, 0, 0], timeout=timeout, polling=50)


@contextlib.contextmanager
def expect_rerun(page: Page, timeout: float = DEFAULT_TIMEOUT_MS) -> Iterator[None]:
    """Wrap an interaction (click, fill, key press) that triggers a rerun; on exit, wait until that
    rerun has happened and the app is idle again.

        with expect_rerun(page):
            page.locator(".st-key-countries input").fill("KAZ")
    """
    _instrument(page)
    page.evaluate(_OBSERVER_JS)  # also in the current document (no-op when already there)
    changes, messages = page.evaluate(
        "[window.__camStateChanges || 0, window.__camWsMessages || 0]"
    )
    yield
    page.evaluate("window.__camIdleSince = null")
    page.wait_for_function(
        _IDLE_JS, arg=[SETTLE_MS, changes + 1, messages + 1], timeout=timeout, polling=50
    )


def goto(
    page: Page,
    base_url: str,
    path: str = "/",
    query: str | Mapping | Sequence = "",
    timeout: float = DEFAULT_TIMEOUT_MS,
) -> None:
    """Open `path` (e.g. "/trade") with `query` and wait until the app has finished running."""
    _instrument(page)
    page.goto(app_url(base_url, path, query), wait_until="domcontentloaded", timeout=timeout)
    page.wait_for_selector(APP, state="attached", timeout=timeout)
    wait_for_app_run(page, timeout=timeout)


def page_not_found(page: Page) -> bool:
    """True when Streamlit shows its "Page not found" dialog (unknown URL path)."""
    return page.locator('[data-testid="stDialog"]', has_text="Page not found").count() > 0


_ERROR_WORDS = re.compile(r"Traceback|Error\b|Exception\b")


def problems(page: Page) -> list[str]:
    """Texts of exceptions, error alerts naming an error/traceback, and "Page not found" dialogs."""
    found = [
        f"exception: {t}" for t in page.locator('[data-testid="stException"]').all_inner_texts()
    ]
    for text in page.locator('[data-testid="stAlertContentError"]').all_inner_texts():
        if _ERROR_WORDS.search(text) and not any(text in f for f in found):
            found.append(f"error alert: {text}")
    if page_not_found(page):
        found.append("dialog: Page not found (unknown URL path)")
    return found


def assert_no_exception(page: Page) -> None:
    """Fail if the page shows an exception, an error alert mentioning Traceback/Error/Exception,
    or the "Page not found" dialog; the message carries the texts."""
    found = problems(page)
    assert not found, f"{page.url} shows:\n" + "\n---\n".join(t.strip() for t in found)


# The deck.gl Deck instance behind a pydeck chart: Streamlit 1.67 renders deck.gl's React
# component, which keeps the Deck in a ref hook (`{current: {deck}}`) a few fibers above the
# canvas. Found by walking React's fiber tree; `index` picks the chart on the page.
FIND_DECK_JS = """
(index) => {
  const canvases = document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas');
  const canvas = canvases[index || 0];
  if (!canvas) return null;
  const key = Object.keys(canvas).find(k => k.startsWith('__reactFiber'));
  for (let f = canvas[key], lvl = 0; f && lvl < 20; f = f.return, lvl++) {
    for (let h = f.memoizedState, n = 0; h && typeof h === 'object' && 'next' in h && n < 50;
         h = h.next, n++) {
      const held = h.memoizedState && h.memoizedState.current;
      if (held && held.deck && held.deck.layerManager) return held.deck;
    }
  }
  return null;
}
"""

# {ready, width, height, view, layers} of the first deck; ready once initialised with every
# layer's data (URLs included) loaded. Basemap tiles (BitmapLayer) are left out of `ready`: deck.gl
# 9 keeps reporting them as loading after their image has arrived and been drawn.
DECK_STATE_JS = f"""
() => {{
  const deck = ({FIND_DECK_JS})(0);
  if (!deck || !deck.isInitialized || !deck.layerManager) return null;
  const layers = deck.layerManager.getLayers();
  const viewport = deck.getViewports()[0];
  return {{
    ready: layers.length > 0
      && layers.every(l => l.isLoaded || l.constructor.layerName === 'BitmapLayer'),
    width: viewport ? viewport.width : 0,
    height: viewport ? viewport.height : 0,
    view: viewport ? {{longitude: viewport.longitude, latitude: viewport.latitude,
                      zoom: viewport.zoom, pitch: viewport.pitch}} : null,
    layers: layers.map(l => l.id),
  }};
}}
"""


def deck_state(page: Page) -> dict | None:
    return page.evaluate(DECK_STATE_JS)


def wait_for_deck_ready(page: Page, timeout: float = DEFAULT_TIMEOUT_MS) -> dict:
    """Wait until the first deck is initialised with every layer loaded; return its state."""
    page.wait_for_function(
        f"() => {{ const s = ({DECK_STATE_JS})(); return s && s.ready; }}",
        timeout=timeout,
        polling=100,
    )
    return deck_state(page)


def wait_for_deck(page: Page, timeout: float = DEFAULT_TIMEOUT_MS) -> None:
    """Wait until a deck.gl canvas inside a pydeck chart element has a non-zero size."""
    page.wait_for_function(
        """(sel) => [...document.querySelectorAll(sel + ' canvas')]
              .some(c => c.width > 0 && c.height > 0 && c.getBoundingClientRect().width > 0)""",
        arg=DECK_CHART,
        timeout=timeout,
        polling=100,
    )


_VEGA_COUNT_JS = """
(sel) => [...document.querySelectorAll(sel)].filter(el => {
  const m = el.querySelector('svg.marks, canvas.marks');
  return m && (m.getAttribute('width') || m.width || 0) > 0;
}).length
"""


def vega_count(page: Page) -> int:
    """How many vega-lite charts have drawn their marks (svg or canvas)."""
    return page.evaluate(_VEGA_COUNT_JS, VEGA_CHART)


def wait_for_vega(page: Page, count: int = 1, timeout: float = DEFAULT_TIMEOUT_MS) -> None:
    """Wait until at least `count` vega-embed charts have drawn their marks."""
    page.wait_for_function(
        f"(sel) => ({_VEGA_COUNT_JS})(sel) >= {int(count)}",
        arg=VEGA_CHART,
        timeout=timeout,
        polling=100,
    )


def key_class(key: str) -> str:
    """The CSS class Streamlit puts on a keyed widget's container."""
    return "st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key.strip())


def widget(page: Page, key: str):
    """Locator of the container of the widget with this `key`."""
    return page.locator(f".{key_class(key)}")


# Opens the closed <details> (st.expander) and inactive tabs (st.tabs) around an element.
_REVEAL_JS = """
(el) => {
  const closed = 'details:not([open])';
  for (let d = el.closest(closed); d; d = d.parentElement && d.parentElement.closest(closed)) {
    const summary = d.querySelector(':scope > summary');
    if (summary) summary.click(); else d.open = true;
  }
  const panel = '[role="tabpanel"]';
  for (let p = el.closest(panel); p; p = p.parentElement && p.parentElement.closest(panel)) {
    const sel = p.id && `[role="tab"][aria-controls="${CSS.escape(p.id)}"]`;
    const tab = sel && document.querySelector(sel);
    if (tab && tab.getAttribute('aria-selected') !== 'true') tab.click();
  }
}
"""


def reveal(locator, timeout: float = DEFAULT_TIMEOUT_MS) -> None:
    """Make an element visible: open the expanders and select the tabs it sits in."""
    if locator.is_visible():
        return
    locator.evaluate(_REVEAL_JS)
    locator.wait_for(state="visible", timeout=timeout)


def download(
    page: Page, key: str, dest_dir: Path | None = None, timeout: float = DEFAULT_TIMEOUT_MS
) -> Path:
    """Click the st.download_button with `key` (e.g. "dl-trade-csv") and return the saved file,
    stored as `<dest_dir or test-artifacts/downloads[/<worker>]>/<key>/<suggested filename>`."""
    button = widget(page, key).locator("button").first
    button.wait_for(state="attached", timeout=timeout)
    reveal(button)
    button.scroll_into_view_if_needed(timeout=timeout)
    with page.expect_download(timeout=timeout) as info:
        button.click(timeout=timeout)
    dl = info.value
    failure = dl.failure()
    assert failure is None, f"download {key!r} failed: {failure}"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # two workers may fetch the same key
    target = (dest_dir or ARTIFACTS_DIR / "downloads" / worker) / key / dl.suggested_filename
    target.parent.mkdir(parents=True, exist_ok=True)
    dl.save_as(target)
    wait_for_app_run(page, timeout=timeout)  # the click may rerun the script
    return target


def settle(page: Page) -> None:
    """The first run writes the filters into the URL; let any follow-up run finish."""
    page.wait_for_timeout(500)
    wait_for_app_run(page)


def change(page: Page, action, attempts: int = 2) -> None:
    """Run a UI action that should trigger a rerun; retry once if no rerun came (a click that
    landed while a previous run was still finishing)."""
    for attempt in range(attempts):
        try:
            with expect_rerun(page, timeout=20_000):
                action()
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            settle(page)


def choose(page: Page, key: str, option: str) -> None:
    """Pick `option` in the multiselect `key` by typing it (sturdier than clicking the list)."""
    box = widget(page, key).locator("input")
    box.click()
    box.fill(option)
    page.keyboard.press("Enter")


def current_query(page: Page) -> dict[str, list[str]]:
    """The page URL's query string, each parameter to its list of values."""
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


# --- the server and the browser (shared by tests/browser/conftest.py and scripts/bench_*.py) ---


def launch_chromium(playwright):
    """Debian's Chromium, headless, through Playwright (never `playwright install`)."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def app_path() -> Path:
    """The script to serve: APP_PATH (absolute, or relative to the repo root), default app.py."""
    path = Path(os.environ.get("APP_PATH", "app.py"))
    return path if path.is_absolute() else (REPO_ROOT / path)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(
    app: Path, port: int, log_path: Path, extra_args: Sequence[str] = ()
) -> subprocess.Popen:
    """`python -m streamlit run <app>` headless on 127.0.0.1:<port>, output to `log_path`.
    The working directory is the app's folder (the repo root for app.py), so the project's
    .streamlit/config.toml applies; `extra_args` (e.g. `--client.showErrorDetails full`) win."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        *extra_args,
    ]  # fmt: skip
    with open(log_path, "w") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            cmd, cwd=app.parent, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )


def wait_healthy(
    proc: subprocess.Popen, base_url: str, log_path: Path, timeout: float = 90
) -> None:
    """Poll `/_stcore/health` until it answers 200; raise with the log tail if the server dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"streamlit exited with code {proc.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"streamlit not healthy after {timeout:.0f}s; see {log_path}")


def stop_process(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextlib.contextmanager
def streamlit_server(
    app: Path | None = None,
    log_path: Path | None = None,
    extra_args: Sequence[str] = ("--client.showErrorDetails", "full"),
    timeout: float = 90,
) -> Iterator[str]:
    """A fresh `streamlit run` for the duration of the block; yields its base URL. By default
    error details are shown in full on the page (the project's config redacts them for users),
    so a failing test's message carries the traceback."""
    app = app or app_path()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = log_path or ARTIFACTS_DIR / f"streamlit-{port}.log"
    proc = start_streamlit(app, port, log_path, extra_args)
    try:
        wait_healthy(proc, base_url, log_path, timeout)
        yield base_url
    finally:
        stop_process(proc)


def nav_labels(page: Page) -> list[str]:
    """The page links Streamlit's navigation shows (sidebar or top), in order."""
    links = page.locator('[data-testid="stSidebarNavLink"], [data-testid="stTopNavLink"]')
    # an icon renders as its ligature name on a line of its own: keep the label, the last line
    texts = [t.strip() for t in links.all_inner_texts()]
    return [t.splitlines()[-1].strip() if t else "" for t in texts]


# --- the Import page: uploads live in the browser session, so move between pages by its links ---

UPLOAD_INPUT = '.st-key-import-file input[type="file"]'


def upload_files(page: Page, paths: Sequence[Path], timeout: float = DEFAULT_TIMEOUT_MS) -> str:
    """On /import (already open), upload each file in turn and wait for its report; returns the
    main area's text after the last one."""
    for path in paths:
        with expect_rerun(page, timeout=timeout):
            page.locator(UPLOAD_INPUT).set_input_files(str(path))
        # the outcome names the file: the report, or the message saying why not (the name in
        # the uploader's own chip shows at once, before the file is read)
        page.wait_for_function(
            """(name) => [...document.querySelectorAll(
                 '[data-testid="stMain"] [data-testid="stCode"],'
                 + '[data-testid="stMain"] [data-testid="stAlert"]')]
                 .some(e => (e.textContent || '').includes(name))""",
            arg=Path(path).name,
            timeout=timeout,
        )
        wait_for_app_run(page, timeout=timeout)
    return page.locator('[data-testid="stMain"]').inner_text()


def open_in_session(page: Page, label: str, timeout: float = DEFAULT_TIMEOUT_MS) -> None:
    """Open another page through the navigation (same browser session, unlike `goto`, which
    starts a new one and so forgets the session's uploads)."""
    link = page.locator('[data-testid="stSidebarNavLink"], [data-testid="stTopNavLink"]')
    with expect_rerun(page, timeout=timeout):
        link.filter(has_text=label).first.click(timeout=timeout)
    wait_for_app_run(page, timeout=timeout)
