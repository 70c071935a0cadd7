"""`streamlit run app.py` serves app.py's `st.App`; its start-up warm-up (dashboard_core.ui.server)
imports the app's modules and fills the caches before the first visitor."""

from __future__ import annotations

import gc
import logging
import threading

import pytest
from streamlit.web.server.app_discovery import discover_asgi_app

from dashboard_core.data import indicators, paths
from dashboard_core.ui import server

REPO = paths.PROJECT_ROOT


@pytest.fixture(autouse=True)
def _collect_as_usual_afterwards():
    """The warm-up freezes what exists for the collector; the test process goes on as before."""
    yield
    gc.unfreeze()


def test_streamlit_run_finds_the_app_with_its_warm_up():
    found = discover_asgi_app(REPO / "app.py")
    assert found.is_asgi_app and found.import_string == "app:app"


@pytest.mark.skipif(
    not (paths.clean_dir() / "trade.parquet").exists(), reason="data/clean is not built"
)
def test_warm_up_loads_tables_and_the_overview_memo(monkeypatch, caplog):
    monkeypatch.setattr(server, "VISITOR", threading.Event())  # nobody has opened a page
    indicators._MEMO.clear()
    with caplog.at_level(logging.WARNING, logger=server.__name__):
        server.warm_up()
    assert not [r for r in caplog.records if r.name == server.__name__]
    assert indicators._MEMO  # the landing page's filter-independent figures are ready
    from dashboard_core.ui import loaders

    assert set(loaders.tables(*server.WARM_TABLES)) == set(server.WARM_TABLES)
    from dashboard_core.trade import transforms

    # the Trade page's context is ready: its first run finds the very object the warm-up made
    made = transforms._CONTEXTS.get(
        (loaders.store(), loaders.table("countries"), loaders.table("sources")),
        lambda: None,
        loaders.store().version("trade"),
    )
    assert made is not None and made.annual is not None
    assert gc.get_freeze_count() > 0  # what the start-up made is left out of full collections


def test_warm_up_failure_is_logged_not_raised(monkeypatch, caplog):
    monkeypatch.setattr(server, "WARM_MODULES", ("dashboard_core.no_such_module",))
    with caplog.at_level(logging.WARNING, logger=server.__name__):
        server.warm_up()
    assert any("warm-up stopped early" in r.getMessage() for r in caplog.records)


@pytest.mark.skipif(
    not (paths.clean_dir() / "trade.parquet").exists(), reason="data/clean is not built"
)
def test_warm_up_leaves_the_page_to_a_visitor_who_has_arrived(monkeypatch):
    arrived = threading.Event()
    arrived.set()
    monkeypatch.setattr(server, "VISITOR", arrived)
    indicators._MEMO.clear()
    server.warm_up()
    assert not indicators._MEMO  # the page run computes its own figures, without competition
