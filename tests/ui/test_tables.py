"""Every table on every page reads as a table for people: no header is a raw field name, no
cell reads "None" or "nan", gaps show as a dash (AppTest over the clean data)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard_core.data import paths
from dashboard_core.data.formatting import EMPTY_CELL

REPO = paths.PROJECT_ROOT
TIMEOUT = 90
RAW_WORDS = {"None", "none", "nan", "NaN", "NaT", "<NA>", "null"}

pytestmark = [
    pytest.mark.skipif(
        not (paths.clean_dir() / "trade.parquet").exists(),
        reason="data/clean is not built: run `uv run python -m dashboard_core build`",
    ),
    pytest.mark.usefixtures("navigation_like_the_server"),
]

VIEWS = [
    ("pages/overview.py", {}, {"overview-tables": True}),
    ("pages/trade.py", {}, {}),
    ("pages/displacement.py", {"section": "Repatriation from Syria and Iraq"}, {}),
    ("pages/incidents.py", {}, {}),
    ("pages/corridors.py", {"corridor": "cor-trans-afghan-rail", "km": "200"}, {}),
    ("pages/compare.py", {}, {}),
    ("pages/data.py", {}, {}),
]


def open_view(page: str, query: dict, state: dict) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def raw_headers(table) -> list[str]:
    config = json.loads(table.proto.columns or "{}")
    frame: pd.DataFrame = table.value
    bad = []
    for column in frame.columns:
        label = config.get(str(column), {}).get("label")
        shown = label or str(column)
        if "_" in shown or shown == str(column) and shown.islower():
            bad.append(f"{column!r} shown as {shown!r}")
    return bad


def raw_cells(table) -> list[str]:
    frame: pd.DataFrame = table.value
    found = []
    for column in frame.columns:
        texts = frame[column].dropna().astype(str).str.strip()
        hits = texts[texts.isin(RAW_WORDS)]
        if len(hits):
            found.append(f"{column}: {list(hits.head(3))}")
    return found


@pytest.mark.parametrize(("page", "query", "state"), VIEWS, ids=[v[0] for v in VIEWS])
def test_tables_speak_words(page, query, state):
    at = open_view(page, query, state)
    assert len(at.dataframe), f"{page} shows no table"
    for table in at.dataframe:
        assert not raw_headers(table), (page, raw_headers(table))
        assert not raw_cells(table), (page, raw_cells(table))
        assert table.proto.placeholder == EMPTY_CELL  # a gap reads as a dash, never "None"
