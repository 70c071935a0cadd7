"""Sources by name: every page, every tab, shown to a reader (markdown, captions, headings,
notices, table cells, chart tooltips and labels, map tooltips) names a source by its title,
never by an internal id such as `kjfs-2022` or `unhcr-population`. Downloads keep the ids in
their `source_id` column (not checked here: they are files, not the screen). The one place an
id may stand on screen is the Data page's list of sources, in the column that says it is the
key used in the downloads."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from dashboard_core.data import dictionary, paths
from dashboard_core.data.loading import load_table

REPO = paths.PROJECT_ROOT
TIMEOUT = 180
KEY_COLUMN = dictionary.field_label("sources-list", "source_id")

pytestmark = [
    pytest.mark.skipif(
        not (paths.clean_dir() / "sources.parquet").exists(),
        reason="data/clean is not built: run `uv run python -m dashboard_core build`",
    ),
    pytest.mark.usefixtures("navigation_like_the_server"),
]

# (page, URL query, page widgets by key): every tab, every map flow kind, a corridor card
VIEWS: tuple[tuple[str, dict, dict], ...] = (
    ("pages/overview.py", {}, {}),
    ("pages/overview.py", {}, {"flows": "returns"}),
    ("pages/overview.py", {}, {"flows": "hosted"}),
    ("pages/trade.py", {"section": "Over time"}, {}),
    ("pages/trade.py", {"section": "Partner structure"}, {}),
    ("pages/trade.py", {"section": "Countries compared"}, {}),
    ("pages/trade.py", {"section": "Mirror view"}, {}),
    ("pages/trade.py", {"section": "Over time"}, {"flow": "turnover", "partners": ["AFG"]}),
    ("pages/displacement.py", {"section": "Stocks and flows over time"}, {}),
    ("pages/displacement.py", {"section": "Repatriation from Syria and Iraq"}, {}),
    ("pages/displacement.py", {"section": "Hosts compared"}, {}),
    ("pages/incidents.py", {}, {}),
    ("pages/corridors.py", {}, {"corridor": "cor-casa-1000"}),
    ("pages/compare.py", {}, {}),
    ("pages/data.py", {}, {}),
    ("pages/data.py", {}, {"dataset": "displacement"}),
    ("pages/data.py", {}, {"dataset": "incidents"}),
)


@pytest.fixture(scope="module")
def id_pattern() -> re.Pattern:
    ids = sorted(load_table("sources")["source_id"].astype(str), key=len, reverse=True)
    words = "|".join(re.escape(i) for i in ids)
    return re.compile(rf"(?<![\w.-])({words})(?![\w-])")


def _cells(frame: pd.DataFrame) -> Iterator[tuple[str, str]]:
    listing = {"source_id", "title", "used_by"} <= set(frame.columns)  # Data: the sources
    for column in frame.columns:
        if listing and column == "source_id":  # headed KEY_COLUMN on screen
            continue
        for value in frame[column].dropna().astype(str).unique():
            yield str(column), value


def _chart_fields(spec: object, found: set[str]) -> None:
    """Field names a Vega-Lite spec shows as words: tooltips and text marks."""
    if isinstance(spec, dict):
        encoding = spec.get("encoding")
        if isinstance(encoding, dict):
            for channel in ("tooltip", "text"):
                entries = encoding.get(channel)
                for entry in entries if isinstance(entries, list) else [entries]:
                    if isinstance(entry, dict) and "field" in entry:
                        found.add(str(entry["field"]))
        for value in spec.values():
            _chart_fields(value, found)
    elif isinstance(spec, list):
        for value in spec:
            _chart_fields(value, found)


def _chart_rows(spec: dict, proto) -> list[dict]:
    rows: list[dict] = []

    def inline(node: object) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                rows.extend(r for r in data["values"] if isinstance(r, dict))
            for value in node.values():
                inline(value)
        elif isinstance(node, list):
            for value in node:
                inline(value)

    inline(spec)
    for values in (spec.get("datasets") or {}).values():
        rows.extend(r for r in values if isinstance(r, dict))
    for dataset in proto.datasets:
        frame = dataframe_util.convert_arrow_bytes_to_pandas_df(dataset.data.data)
        rows.extend(frame.to_dict("records"))
    return rows


def shown_texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """(where, text) of everything on the page meant for reading."""
    for kind in ("markdown", "caption", "info", "warning", "error", "subheader", "title"):
        for element in getattr(at, kind):
            yield kind, str(element.value)
    for element in at.get("html"):
        yield "html", str(element.proto.body)
    for element in at.expander:
        yield "expander", str(element.label)
    for element in at.dataframe:
        for column, value in _cells(element.value):
            yield f"table column {column!r}", value
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        fields: set[str] = set()
        _chart_fields(spec, fields)
        for row in _chart_rows(spec, element.proto):
            for field in fields & set(row):
                yield f"chart {field!r}", str(row[field])
    for element in at.get("deck_gl_json_chart"):
        deck = json.loads(element.proto.json)
        for layer in deck.get("layers", []):
            data = layer.get("data")
            for record in data if isinstance(data, list) else []:
                for key in ("tip_title", "tip_body", "tip_source"):
                    if isinstance(record, dict) and record.get(key):
                        yield f"map tooltip {key}", str(record[key])


@pytest.mark.parametrize(
    ("page", "query", "widgets"),
    VIEWS,
    ids=[f"{p.split('/')[-1][:-3]}-{'-'.join(map(str, {**q, **w}.values()))}" for p, q, w in VIEWS],
)
def test_no_source_id_on_screen(id_pattern, page: str, query: dict, widgets: dict) -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    for key, value in widgets.items():
        at.session_state[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    seen = list(shown_texts(at))
    assert seen, f"{page}: nothing read from the page"
    offenders = sorted(
        {
            (where, hit.group(1), text[:160])
            for where, text in seen
            for hit in id_pattern.finditer(text)
        }
    )
    assert not offenders, "\n".join(f"{w}: {i} in {t!r}" for w, i, t in offenders)


def test_the_pattern_finds_an_id_and_spares_a_title(id_pattern) -> None:
    assert id_pattern.search("Source: kjfs-2022")
    assert id_pattern.search("unhcr-population;unhcr-flows")
    assert not id_pattern.search("Kazakhstan Journal of Foreign Studies, No. 1-2 (3-4), 2022")
    assert not id_pattern.search("stat.uz, UNHCR Refugee Population Statistics Database")
