"""Markup in every text column of every clean table reaches no page as live Markdown or HTML.

Every page (and every tab, the corridor card and the lazy expanders) runs through AppTest on a
poisoned copy of data/ (tests/poison.py). Every element body, label, help text and option that
Streamlit reads as Markdown, every st.html body and every string in a deck's JSON (deck.gl shows
tooltips as HTML) is checked: the raw payload must not appear, its escaped form must. The browser
suite (tests/browser/test_hostile.py) checks the rendered page itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard_core.data import paths
from tests import poison
from tests.helpers import app_on_page

TIMEOUT = 90

pytestmark = [
    pytest.mark.skipif(
        not (paths.clean_dir() / "trade.parquet").exists(), reason="data/clean is not built"
    ),
    pytest.mark.usefixtures("navigation_like_the_server"),
]


@pytest.fixture(scope="module")
def poisoned_dir(tmp_path_factory) -> str:
    return str(poison.build_poisoned_data(paths.data_dir(), tmp_path_factory.mktemp("poisoned")))


# Proto fields read as Markdown (labels, help texts, options of radios, pills, select sliders).
_MARKDOWN_FIELDS = ("label", "help", "placeholder")
_MARKDOWN_LISTS = ("options",)


def rendered_texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """(context, text) for everything the page hands the browser as Markdown or HTML.
    context: "markdown", "html" or "deck"."""

    def walk(node) -> Iterator:
        for child in getattr(node, "children", {}).values():
            yield child
            yield from walk(child)

    for element in walk(at._tree):
        proto = getattr(element, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        kind = type(proto).__name__
        fields = {f.name for f in proto.DESCRIPTOR.fields}
        if kind == "Html":
            yield "html", proto.body
            continue
        if kind == "DeckGlJsonChart":
            # Streamlit (1.67) escapes every `{field}` value it puts into a deck's tooltip
            # template; the template itself must hold no data. The data is reported too, as
            # "deck-data", to show that the payload reached the map.
            yield "html", proto.tooltip
            yield from (("deck-data", s) for s in _strings(json.loads(proto.json)))
            continue
        if kind in ("Markdown", "Heading", "Alert") and "body" in fields:
            yield "markdown", proto.body
        for name in _MARKDOWN_FIELDS:
            if name in fields and isinstance(getattr(proto, name), str):
                yield "markdown", getattr(proto, name)
        if kind in ("Radio", "ButtonGroup", "Slider") and "options" in fields:
            for option in proto.options:
                yield "markdown", option if isinstance(option, str) else str(option)


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def raw_markup(at: AppTest) -> list[str]:
    found = []
    for context, text in rendered_texts(at):
        if context == "deck-data":
            continue
        markers = poison.MARKDOWN_MARKERS if context == "markdown" else poison.HTML_MARKERS
        # in Markdown a backslash in front makes a character stand for itself
        hits = [m for m in markers if re.search(r"(?<!\\)" + re.escape(m), text)]
        if hits:
            where = text.find(hits[0])
            found.append(f"{context}: {hits} in ...{text[max(0, where - 150) : where + 60]!r}")
    return found


def payloads_seen(at: AppTest) -> dict[str, int]:
    """How often the payload reached the page: escaped as Markdown or HTML, raw in deck data."""
    wanted = {
        "markdown": poison.ESCAPED_MARKDOWN,
        "html": poison.ESCAPED_HTML,
        "deck-data": "<img",
    }
    counts = dict.fromkeys(wanted, 0)
    for context, text in rendered_texts(at):
        counts[context] += text.count(wanted[context])
    return counts


def run(page: str | None, query: dict | None = None, opened: tuple[str, ...] = ()) -> AppTest:
    return app_on_page(page, query, opened, TIMEOUT)


def corridor_name(poisoned_dir: str) -> str:
    corridors = pd.read_parquet(f"{poisoned_dir}/clean/corridors.parquet")
    return str(corridors.sort_values("corridor_id")["name"].iloc[0])


VIEWS = {
    "overview": (None, {}, ("overview-tables", "cite")),
    "trade": ("pages/trade.py", {}, ("cite",)),
    "trade-structure": ("pages/trade.py", {"section": "Partner structure"}, ()),
    "trade-compared": ("pages/trade.py", {"section": "Countries compared"}, ()),
    "trade-mirror": ("pages/trade.py", {"section": "Mirror view"}, ()),
    "displacement": ("pages/displacement.py", {}, ()),
    "displacement-repatriation": (
        "pages/displacement.py",
        {"section": "Repatriation from Syria and Iraq"},
        (),
    ),
    "displacement-hosts": ("pages/displacement.py", {"section": "Hosts compared"}, ()),
    "incidents": ("pages/incidents.py", {}, ()),
    "corridors": ("pages/corridors.py", {}, ()),
    "corridor-card": ("pages/corridors.py", {"corridor": "__first__"}, ()),
    "compare": ("pages/compare.py", {}, ()),
    "data": ("pages/data.py", {}, ()),
}


# Views that show data values as text or on a map, so the test could fail there.
WITH_TEXT_FROM_DATA = (
    "overview",
    "trade",
    "displacement",
    "incidents",
    "corridors",
    "corridor-card",
    "compare",
)
WITH_MAP = ("overview", "trade", "displacement", "incidents", "corridors")


@pytest.mark.parametrize("view", list(VIEWS))
def test_markup_in_the_data_stays_text(view, poisoned_dir, monkeypatch):
    monkeypatch.setenv("CAM_DATA_DIR", poisoned_dir)
    page, query, opened = VIEWS[view]
    if query.get("corridor") == "__first__":
        query = {**query, "corridor": corridor_name(poisoned_dir)}
    at = run(page, query, opened)
    assert not at.exception, [e.value for e in at.exception]
    assert not raw_markup(at), "\n".join(raw_markup(at))
    seen = payloads_seen(at)
    if view in WITH_TEXT_FROM_DATA:
        assert seen["markdown"] > 0, f"no poisoned value reached the page as text: {seen}"
    if view in WITH_MAP:
        assert seen["deck-data"] > 0, f"no poisoned value reached the map: {seen}"
