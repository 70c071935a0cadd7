"""Ring 4: the real app in Debian's Chromium, driven by Playwright's sync API.

Fixtures: `app_server` (base URL of a `streamlit run` started once per session), `pw_browser`
(the shared Chromium), `browser_page` (a fresh 1440x900 page per test) and `browser_page_factory`
(pages of any size). Every test in this folder gets the `browser` marker, so `-m "not browser"`
leaves them out. Without /usr/bin/chromium they skip, except under CI=true, where they fail.
On a failure the page's screenshot and console go to test-artifacts/<test name>.png / .console.txt;
the server log is test-artifacts/streamlit.log (streamlit-gw<N>.log per pytest-xdist worker).

Environment: APP_PATH (default app.py in the repo root) chooses the script to serve,
CHROMIUM_PATH (default /usr/bin/chromium) the browser, TEST_ARTIFACTS_DIR the artifacts folder.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from .helpers import (
    ARTIFACTS_DIR,
    CHROMIUM,
    DEFAULT_TIMEOUT_MS,
    app_path,
    goto,
    launch_chromium,
    streamlit_server,
)

VIEWPORT = (1440, 900)
SERVER_START_TIMEOUT_S = 90
WARM_UP_TIMEOUT_MS = 120_000
THIS_DIR = Path(__file__).resolve().parent
INSTALL_HINT = "sudo apt-get install -y chromium"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _missing_chromium_message() -> str:
    return f"{CHROMIUM} not found: browser tests need Debian's Chromium ({INSTALL_HINT})"


def _skip_or_fail(message: str) -> None:
    """Skip locally; under CI=true a missing prerequisite is a failure."""
    if in_ci():
        pytest.fail(f"{message} [CI=true, so this fails instead of skipping]", pytrace=False)
    pytest.skip(message)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = None
    if not CHROMIUM.exists() and not in_ci():
        skip = pytest.mark.skip(reason=_missing_chromium_message())
    for item in items:
        if THIS_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if skip is not None:
                item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    """The test's setup or call failed (a skip is not a failure)."""
    reports = (getattr(request.node, f"rep_{when}", None) for when in ("setup", "call"))
    return any(getattr(rep, "failed", False) for rep in reports)


def _artifact_stem(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-\[\]]+", "_", request.node.name)[:150]


@pytest.fixture(scope="session")
def app_server(pw_browser: Browser) -> Iterator[str]:
    """Base URL (`http://127.0.0.1:<port>`) of the app served for the whole session.

    Before yielding, `/` is opened once: that pays the cold imports, and it takes Streamlit out
    of its legacy `pages/`-folder routing, which lasts until the first run that calls
    `st.navigation` (test_harness.py checks that first visit separately)."""
    app = app_path()
    if not app.exists():
        _skip_or_fail(f"{app} does not exist yet (set APP_PATH to serve another script)")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # one server per pytest-xdist worker
    log = ARTIFACTS_DIR / (f"streamlit-{worker}.log" if worker else "streamlit.log")
    with streamlit_server(app, log, timeout=SERVER_START_TIMEOUT_S) as url:
        context = pw_browser.new_context()
        try:
            goto(context.new_page(), url, "/", timeout=WARM_UP_TIMEOUT_MS)
        except Exception as exc:  # the tests themselves will show what is wrong
            print(f"warm-up of {url}/ failed: {exc}", file=sys.stderr)
        finally:
            context.close()
        yield url


@pytest.fixture(scope="session")
def pw_browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once per session (never `playwright install`)."""
    if not CHROMIUM.exists():
        _skip_or_fail(_missing_chromium_message())
    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser
        browser.close()


def _new_page(browser: Browser, width: int, height: int) -> tuple[Page, list[str]]:
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"[{m.type}] {m.text}"))
    page.on("pageerror", lambda e: console.append(f"[pageerror] {e}"))
    return page, console


def _save_failure(page: Page, console: list[str], stem: str) -> None:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=ARTIFACTS_DIR / f"{stem}.png", full_page=True, timeout=10_000)
    except Exception as exc:  # the page may be gone; the console still helps
        console.append(f"[harness] screenshot failed: {exc}")
    (ARTIFACTS_DIR / f"{stem}.console.txt").write_text(f"url: {page.url}\n" + "\n".join(console))


@pytest.fixture
def browser_page_factory(
    pw_browser: Browser, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Page]]:
    """`make(width=1440, height=900) -> Page`, each in a fresh context; all closed at teardown."""
    made: list[tuple[Page, list[str]]] = []

    def make(width: int = VIEWPORT[0], height: int = VIEWPORT[1]) -> Page:
        page, console = _new_page(pw_browser, width, height)
        made.append((page, console))
        return page

    yield make
    failed = _failed(request)
    for i, (page, console) in enumerate(made):
        if failed:
            suffix = "" if len(made) == 1 else f"-{i}-{page.viewport_size['width']}w"
            _save_failure(page, console, _artifact_stem(request) + suffix)
        page.context.close()


@pytest.fixture
def browser_page(browser_page_factory: Callable[..., Page]) -> Page:
    """A fresh 1440x900 page (downloads accepted) in its own context."""
    return browser_page_factory()
