"""The page frame: title, styling and presenter mode around the page that is about to run."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from dashboard_core.data.filters import Filters
from dashboard_core.data.formatting import escape_markdown
from dashboard_core.data.loading import DatasetUnavailable
from dashboard_core.ui import display, imports, presenter, scenes, turns
from dashboard_core.ui.session_keys import FIGURE_COUNTS, PAGE_KEY

Body = TypeVar("Body", bound=Callable[..., None])


def frame_page(page: Any, current: Filters) -> None:
    """Styling and bookkeeping for the page about to run (app.py calls this before page.run())."""
    st.session_state[PAGE_KEY] = {"title": page.title, "url_path": page.url_path}
    st.session_state[FIGURE_COUNTS] = {}
    scenes.sync(page.url_path or "")
    st.html(presenter.BASE_CSS)
    if current.present:
        st.html(presenter.PRESENTER_CSS)


def run_page(page: Any) -> None:
    """Run the page, in its turn among the process's page runs (see `turns`); a dataset it
    needs but cannot read stops it with a notice in words at the point it reached (its sections
    guarded by `display.needs_data` say so one by one)."""
    try:
        with turns.PAGE_RUNS.turn():
            page.run()
    except DatasetUnavailable as error:
        display.unavailable(error)


def fragment(body: Body) -> Body:
    """`st.fragment` whose reruns (a tab opened) take their turn like page runs: inside a page
    run the turn is already held; run alone, the fragment lines up with the process's runs."""

    @functools.wraps(body)
    def in_turn(*args: Any, **kwargs: Any) -> None:
        with turns.PAGE_RUNS.turn():
            body(*args, **kwargs)

    return st.fragment(in_turn)


def sidebar_layout(current: Filters) -> dict[str, Any]:
    """`st.set_page_config` arguments that depend on the filters (presenter: sidebar collapsed)."""
    return {"initial_sidebar_state": "collapsed" if current.present else "auto"}


def nav_position(current: Filters) -> str:
    """Presenters get page links across the top (the sidebar is collapsed)."""
    return "top" if current.present else "sidebar"


def page_header(title: str, intro: str = "") -> None:
    """Title with the scene controls beside it, and the intro; presenters get the title row
    alone (the map follows at once)."""
    row = st.container(horizontal=True, vertical_alignment="center", gap="medium", key="page-title")
    with row:
        st.title(title, width="content")
        st.space("stretch")
    page = st.session_state.get(PAGE_KEY, {}).get("url_path") or ""
    scenes.scene_bar(page, row.container(horizontal=True, gap="small", width="content"))
    if intro and not page_present():
        st.markdown(intro)
    notice = imports.page_notice(page)
    if notice and page_present():  # imported rows in view: said once under the title
        display.caption(notice)
    elif notice:
        st.info(escape_markdown(notice), icon=":material/upload_file:")


def page_present() -> bool:
    current = st.session_state.get("_cam_filters")
    return bool(getattr(current, "present", False))
