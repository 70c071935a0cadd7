"""Server start-up: `streamlit run app.py` serves app.py's `st.App`, whose lifespan starts a
background warm-up. While the browser downloads Streamlit's frontend, the warm-up imports the
heavy libraries (pandas, pyarrow, Altair, pydeck) and reads the clean tables into the shared
cache (the trade table through the store: only the rows the headline figures read), so the
first visitor's page does not pay for them. Nothing here draws anything.
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

_LOG = logging.getLogger(__name__)

# What the pages import, heaviest first (the display module pulls in pandas, Altair and pydeck).
WARM_MODULES: tuple[str, ...] = (
    "dashboard_core.ui.display",
    "dashboard_core.ui.downloads",
    "dashboard_core.overview.headlines",
    "dashboard_core.overview.map",
    "dashboard_core.viz.timeline",
    "dashboard_core.trade.charts",
    "dashboard_core.displacement.charts",
    "dashboard_core.incidents.charts",
    "dashboard_core.incidents.map",
    "dashboard_core.corridors.charts",
    "dashboard_core.corridors.map",
    "dashboard_core.compare.charts",
    "dashboard_core.data.catalogue",
    # imported by Streamlit itself on a page's first run
    "streamlit.emojis",
    "streamlit.material_icon_names",
    "narwhals._pandas_like.dataframe",
    "pandas.core.methods.to_dict",
)
WARM_TABLES: tuple[str, ...] = (
    "trade",
    "displacement",
    "incidents",
    "corridors",
    "events",
    "countries",
    "sources",
    "population",
)
WARM_LAYERS: tuple[str, ...] = ("boundaries", "corridors", "places")
OVERVIEW_TABLES: tuple[str, ...] = ("trade", "displacement", "incidents", "corridors", "countries")


# Set by the first page run. The warm-up then leaves its optional steps to the page: both in one
# process, they would only take turns on the interpreter and slow the page down.
VISITOR = threading.Event()


def warm_up() -> None:
    """Import the app's modules and load the clean tables into the cache, then, unless a
    visitor has arrived meanwhile, prepare what the landing page draws first. A failure is
    logged and left to the first page run, which reports it to the user as usual."""
    # Beside the rest: its DuckDB scans leave the interpreter to the imports and table loads.
    trade = threading.Thread(target=_warm_trade_context, name="cam-warm-trade", daemon=True)
    trade.start()
    try:
        for name in WARM_MODULES:
            importlib.import_module(name)
        from dashboard_core.data.filters import Filters
        from dashboard_core.overview import headlines
        from dashboard_core.ui import loaders

        loaders.warm_caches(WARM_TABLES, WARM_LAYERS)
        if not VISITOR.is_set():
            _first_element_check()
        if not VISITOR.is_set():
            # The Overview under the default filters: its headline figures keep their
            # filter-independent parts in a memo the first page run then reuses.
            tables = loaders.indicator_tables(*OVERVIEW_TABLES)
            headlines.headlines(tables, Filters(years=loaders.year_bounds()))
    except Exception:  # noqa: BLE001 - the page run shows data problems in words
        _LOG.warning("warm-up stopped early; pages will load what they need", exc_info=True)
    trade.join()
    # What the start-up made (modules, the warm caches) lasts as long as the process: left out
    # of the collector's full passes, each of which stopped every session of the process for
    # 0.1-0.2 s under load (half that once frozen). Reference counting still frees any of it
    # that is dropped; only a cycle among it would stay.
    gc.freeze()


def _warm_trade_context() -> None:
    """The Trade page's context (annual figures and row counts, read by the store from the whole
    table: seconds at millions of rows), worked out once for the page's first run to find.
    Skipped when a table it needs is missing: the page says so itself."""
    from dashboard_core.data import loading
    from dashboard_core.trade import transforms
    from dashboard_core.ui import loaders

    try:
        countries, sources = loaders.table("countries"), loaders.table("sources")
        transforms.page_context(loaders.store(), countries, sources)
    except loading.DatasetUnavailable:
        pass  # the page says so itself
    except Exception:  # noqa: BLE001 - the page run shows data problems in words
        _LOG.warning(
            "warm-up of the trade context stopped; the page will work it out", exc_info=True
        )


def _first_element_check() -> None:
    """The first element a process draws makes Streamlit walk the whole call stack (resolving
    the module of every frame) to decide whether to print a "use streamlit run" hint: about
    0.1 s with pandas loaded. Done once here, it is off the first visitor's page. A private
    hook: skipped if a Streamlit release renames it."""
    from streamlit import delta_generator

    check = getattr(delta_generator, "_maybe_print_use_warning", None)
    if callable(check):
        check()


def use_navigation_from_the_first_visit() -> None:
    """Streamlit reads a `pages/` folder beside app.py as old-style routing until some run calls
    st.navigation; decided before any session opens, a deep link on a fresh server (/trade) runs
    through app.py like every later visit. (`state.page_filters` still switches over if a
    server starts without this lifespan.)"""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """st.App lifespan: leave the `pages/` folder routing, then start the warm-up without holding
    up the server."""
    use_navigation_from_the_first_visit()
    threading.Thread(target=warm_up, name="cam-warm-up", daemon=True).start()
    yield
