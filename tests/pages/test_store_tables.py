"""No page loads the trade table whole: every page runs, with nothing to say about missing data,
while reading `trade` into pandas is forbidden; the store (DuckDB over the Parquet file) answers
every question the pages ask of it."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard_core.data import loading, paths
from dashboard_core.ui import loaders
from tests.helpers import app_on_page

PAGES = (None, "pages/trade.py", "pages/compare.py", "pages/corridors.py", "pages/data.py")
SECTIONS = ("Partner structure", "Countries compared", "Mirror view")

pytestmark = [
    pytest.mark.skipif(
        not (paths.clean_dir() / "trade.parquet").exists(), reason="data/clean is not built"
    ),
    pytest.mark.usefixtures("navigation_like_the_server"),
]


@pytest.fixture
def trade_never_loaded(monkeypatch):
    load = loading.load_table

    def guarded(name, *args, **kwargs):
        if name in loaders.STORE_TABLES:
            raise AssertionError(f"the {name} table was loaded whole into pandas")
        return load(name, *args, **kwargs)

    monkeypatch.setattr(loading, "load_table", guarded)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


def run(page: str | None, query: dict | None = None) -> AppTest:
    return app_on_page(page, query)


@pytest.mark.usefixtures("trade_never_loaded")
def test_no_page_loads_the_trade_table_whole():
    for page in PAGES:
        at = run(page)
        assert not at.exception, (page, [e.value for e in at.exception])
        notices = [str(w.value) for w in at.warning if "Data unavailable" in str(w.value)]
        assert not notices, (page, notices)
    for section in SECTIONS:
        at = run("pages/trade.py", {"section": section})
        assert not at.exception, (section, [e.value for e in at.exception])
