"""Ring 4: nothing a link or a data file says can run, mislead or take the app down.

- 301 hostile URLs (tests/browser/hostile.py: 16 queries carrying 36 payloads or more, and 27
  paths, on each of the seven pages), replayed in one browser page against the server, at the
  smallest screen the app is laid out for (1280x720);
- every page, tab, the corridor card and the expanders on a copy of data/ with markup in every
  text column (tests/poison.py), served by a second server, with the mouse swept over each map
  so that its tooltips open.

After each: no live injected element, no request to another host, no error box. The per-URL
cost is printed (`-s`); see scripts/README.md for the measured suite time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from dashboard_core.data import paths
from tests import poison

from .helpers import (
    ARTIFACTS_DIR,
    DECK_CHART,
    DEFAULT_TIMEOUT_MS,
    app_url,
    goto,
    reveal,
    streamlit_server,
    wait_for_app_run,
    wait_for_deck,
    widget,
)
from .hostile import (
    PAGES,
    RequestLog,
    app_queries,
    bad_paths,
    error_boxes,
    injected_elements,
)

pytestmark = pytest.mark.skipif(
    not (paths.clean_dir() / "trade.parquet").exists(), reason="data/clean is not built"
)


class Visitor:
    """One browser page reused for every URL, with its log of off-site requests."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 720})
        self.context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        self.page = self.context.new_page()
        self.requests = RequestLog(self.page, base_url)

    def problems(self) -> list[str]:
        found = injected_elements(self.page)
        found += [f"error box: {text}" for text in error_boxes(self.page)]
        found += [f"request to another host: {url}" for url in self.requests.take()]
        return found

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def visitor(pw_browser: Browser, app_server: str) -> Iterator[Visitor]:
    v = Visitor(pw_browser, app_server)
    yield v
    v.close()


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@pytest.mark.parametrize("path", PAGES)
def test_hostile_urls_leave_no_trace(visitor: Visitor, path: str) -> None:
    failures: list[str] = []
    started = time.monotonic()
    queries = app_queries(path)
    timings: list[tuple[float, str]] = []
    for q in queries:
        one = time.monotonic()
        try:
            goto(visitor.page, visitor.base_url, path, q)
            timings.append((time.monotonic() - one, q))
        except Exception as exc:  # a page that never settles is a failure, not a crash
            failures.append(f"{path}?{_short(q)}: did not finish loading ({_short(str(exc))})")
            continue
        failures += [f"{path}?{_short(q)}: {p}" for p in visitor.problems()]
    app_seconds = time.monotonic() - started
    for bad in bad_paths(path):
        response = visitor.page.goto(app_url(visitor.base_url, bad), wait_until="load")
        status = response.status if response else None
        if status not in (400, 404):
            failures.append(f"{bad}: answered {status}, expected 404 (or 400)")
        elif (
            status == 404
            and not bad.endswith("/_stcore/metrics")  # a bare 404, like Streamlit's own
            and "Page not found" not in visitor.page.inner_text("body")
        ):
            failures.append(f"{bad}: 404 without the app's 'Page not found'")
        failures += [f"{bad}: {p}" for p in visitor.problems()]
    total = len(queries) + len(bad_paths(path))
    print(
        f"\n{path}: {len(queries)} hostile queries in {app_seconds:.1f} s "
        f"({app_seconds / len(queries):.2f} s each), {total} URLs in "
        f"{time.monotonic() - started:.1f} s; slowest: "
        + ", ".join(f"{t:.1f} s {_short(q, 40)}" for t, q in sorted(timings, reverse=True)[:3])
    )
    assert not failures, f"{len(failures)} of {total} hostile URLs got through:\n" + "\n".join(
        failures[:40]
    )


def test_at_least_300_hostile_urls_on_seven_pages() -> None:
    counts = {p: len(app_queries(p)) + len(bad_paths(p)) for p in PAGES}
    assert len(counts) == 7 and sum(counts.values()) >= 300, counts


# --- data files with markup in every text column ----------------------------------------------


@pytest.fixture(scope="module")
def poisoned_server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """(base URL, data folder) of a second server reading the poisoned copy of data/."""
    data = poison.build_poisoned_data(paths.data_dir(), tmp_path_factory.mktemp("poisoned"))
    server = streamlit_server(log_path=ARTIFACTS_DIR / "streamlit-poisoned.log")
    previous = os.environ.get("CAM_DATA_DIR")
    os.environ["CAM_DATA_DIR"] = str(data)  # the server process inherits it when it starts
    try:
        url = server.__enter__()
    finally:
        if previous is None:
            os.environ.pop("CAM_DATA_DIR", None)
        else:
            os.environ["CAM_DATA_DIR"] = previous
    try:
        yield url, data
    finally:
        server.__exit__(None, None, None)


def sweep_maps(page: Page, columns: int = 5, rows: int = 3) -> int:
    """Move the mouse over a grid on every map so its tooltips open; returns how many
    tooltips showed. (Every point over land now opens one: the land names itself, and each
    hover picks through the whole land layer in software WebGL, hence a coarser grid.)"""
    shown = 0
    if page.locator(DECK_CHART).count():
        wait_for_deck(page)
    for deck in page.locator(DECK_CHART).all():
        deck.scroll_into_view_if_needed()
        box = deck.bounding_box()
        if not box:
            continue
        for i in range(1, columns + 1):
            for j in range(1, rows + 1):
                x = box["x"] + box["width"] * i / (columns + 1)
                y = box["y"] + box["height"] * j / (rows + 1)
                page.mouse.move(x, y)
                page.wait_for_timeout(60)
                shown += page.evaluate(
                    "() => [...document.querySelectorAll('.deck-tooltip')]"
                    ".filter(e => e.style.display !== 'none' && e.innerHTML).length"
                )
    return shown


def corridor_with_card(data_dir: Path) -> str:
    import pandas as pd

    corridors = pd.read_parquet(data_dir / "clean" / "corridors.parquet")
    return str(corridors.sort_values("corridor_id")["name"].iloc[0])


POISONED_VIEWS: list[tuple[str, str]] = [
    ("/", ""),
    ("/trade", ""),
    ("/trade", "section=Partner+structure"),
    ("/trade", "section=Countries+compared"),
    ("/trade", "section=Mirror+view"),
    ("/displacement", ""),
    ("/displacement", "section=Repatriation+from+Syria+and+Iraq"),
    ("/displacement", "section=Hosts+compared"),
    ("/incidents", ""),
    ("/corridors", ""),
    ("/corridors", "corridor=__card__"),
    ("/compare", ""),
    ("/data", ""),
]
EXPANDERS = ("overview-tables", "cite")


def open_expanders(page: Page) -> None:
    for key in EXPANDERS:
        summary = widget(page, key).locator("summary")
        if summary.count():
            reveal(summary.first)
            summary.first.click()
            wait_for_app_run(page)


def test_markup_in_every_text_column_stays_text(pw_browser: Browser, poisoned_server) -> None:
    base_url, data = poisoned_server
    visitor = Visitor(pw_browser, base_url)
    card = corridor_with_card(data)
    failures: list[str] = []
    tooltips = 0
    try:
        for path, q in POISONED_VIEWS:
            if "__card__" in q:
                q = app_url("", "", {"corridor": card}).split("?", 1)[1]
            goto(visitor.page, base_url, path, q)
            open_expanders(visitor.page)
            tooltips += sweep_maps(visitor.page)
            failures += [f"{path}?{_short(q)}: {p}" for p in visitor.problems()]
    finally:
        visitor.close()
    assert not failures, "\n".join(failures[:40])
    assert tooltips > 0, "no map tooltip opened: the sweep checked nothing"
