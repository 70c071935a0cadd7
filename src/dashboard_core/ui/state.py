"""URL and filter state: the shared sidebar filters, their URL parameters and URL-bound widgets.

State model of the shared filters: the URL is read once, on the first run of a browser session
(a copied link always opens a new session). From then on the widgets' session state is the truth
and every run writes it back to the URL, so a page switch (which drops unbound query parameters)
and a filter change both leave the address bar showing the current view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from dashboard_core.data import filters
from dashboard_core.data.contract import FOCUS_ISO3
from dashboard_core.data.filters import Filters
from dashboard_core.data.formatting import escape_markdown
from dashboard_core.ui import server
from dashboard_core.ui.imports import year_bounds
from dashboard_core.ui.loaders import country_names, country_options
from dashboard_core.viz.basemap import CAMERAS

# Session-state keys. The widget keys double as the URL parameter names.
KEY_COUNTRIES = filters.PARAM_COUNTRIES
KEY_YEARS = filters.PARAM_YEARS
KEY_PRESENT = filters.PARAM_PRESENT
_URL_READ = "_cam_url_read"
_NOTICES = "_cam_filter_notices"
_FILTERS = "_cam_filters"
_CHOICES = "_cam_page_choices"  # this run's page filters in words, for captions and downloads
_BOUNDS = "_cam_year_bounds"  # the year range the slider spanned on the previous run
GROUP_BUTTON_KEYS = {"Central Asia 5": "group-ca5", "CA5 + Afghanistan": "group-ca5-afg"}


def _raw_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _set_filter_state(chosen: Filters) -> None:
    st.session_state[KEY_COUNTRIES] = list(chosen.countries)
    st.session_state[KEY_YEARS] = chosen.years
    st.session_state[KEY_PRESENT] = chosen.present


def _choose_group(codes: Sequence[str]) -> None:
    st.session_state[KEY_COUNTRIES] = [c for c in country_options() if c in set(codes)]
    st.session_state[_NOTICES] = ()


def _reset_filters() -> None:
    st.session_state[KEY_COUNTRIES] = [c for c in country_options() if c in FOCUS_ISO3]
    st.session_state[KEY_YEARS] = year_bounds()
    st.session_state[_NOTICES] = ()


def _clear_notices() -> None:
    st.session_state[_NOTICES] = ()


def _read_url_once(options: Sequence[str], bounds: tuple[int, int]) -> None:
    if st.session_state.get(_URL_READ):
        return
    parsed = filters.parse_query(_raw_query(), options, bounds)
    _set_filter_state(parsed.filters)
    st.session_state[_NOTICES] = parsed.notices
    st.session_state[_URL_READ] = True


def _keep_state_valid(options: Sequence[str], bounds: tuple[int, int]) -> None:
    """Data can change under a running session: drop vanished codes, re-clamp the years."""
    current = st.session_state.get(KEY_COUNTRIES, list(FOCUS_ISO3))
    valid = [c for c in current if c in set(options)]
    if valid != current:
        st.session_state[KEY_COUNTRIES] = valid
    years = tuple(st.session_state.get(KEY_YEARS, bounds))
    clamped = filters.clamp_years((int(years[0]), int(years[1])), bounds)
    if clamped != years:
        st.session_state[KEY_YEARS] = clamped


def _follow_bounds(bounds: tuple[int, int]) -> None:
    """When the data's years widen under a session (an import with later or earlier rows), a
    selection that reached the old end of the range reaches the new one."""
    before = st.session_state.get(_BOUNDS)
    st.session_state[_BOUNDS] = bounds
    if before is None or tuple(before) == bounds or KEY_YEARS not in st.session_state:
        return
    lo, hi = (int(y) for y in st.session_state[KEY_YEARS])
    st.session_state[KEY_YEARS] = (
        bounds[0] if lo == before[0] else lo,
        bounds[1] if hi == before[1] else hi,
    )


def write_url(current: Filters) -> None:
    """Mirror the filters into the address bar, touching only parameters that differ."""
    wanted = filters.to_query(current)
    for key, values in wanted.items():
        if st.query_params.get_all(key) != values:
            st.query_params[key] = values
    if not current.present and KEY_PRESENT in st.query_params:
        del st.query_params[KEY_PRESENT]


def country_label(names: Mapping[str, str]) -> Callable[[str], str]:
    """The format of a country option: "Tajikistan (TJK)"."""
    return _labeller(names)


def _labeller(names: Mapping[str, str]) -> Callable[[str], str]:
    def label(code: str) -> str:
        name = names.get(code)
        return f"{name} ({code})" if name else code

    return label


def sidebar_filters() -> Filters:
    """Draw the shared sidebar (countries, quick groups, years, presenter, reset), sync the URL
    and return the filters. Called once per run by app.py, before the page runs."""
    server.VISITOR.set()
    st.session_state[_CHOICES] = {}
    options = country_options()
    bounds = year_bounds()
    _read_url_once(options, bounds)
    _follow_bounds(bounds)
    _keep_state_valid(options, bounds)
    bar = st.sidebar
    bar.markdown("**Filters**")
    quick = bar.container(horizontal=True, gap="small")
    for label, codes in filters.COUNTRY_GROUPS.items():
        quick.button(
            label,
            key=GROUP_BUTTON_KEYS[label],
            on_click=_choose_group,
            args=(codes,),
            help="Select " + ", ".join(codes),
        )
    bar.multiselect(
        "Countries",
        options,
        key=KEY_COUNTRIES,
        format_func=_labeller(country_names()),
        on_change=_clear_notices,
        help="A row counts if any country it names is selected (reporter or partner, origin or "
        "host, either side of an incident, any country a corridor or event lists).",
        placeholder="No country selected",
    )
    bar.slider("Years", bounds[0], bounds[1], key=KEY_YEARS, step=1, on_change=_clear_notices)
    bar.toggle(
        "Presenter mode", key=KEY_PRESENT, help="Larger type, no sidebar; same as ?present=1"
    )
    bar.button(
        "Reset filters", key="reset-filters", on_click=_reset_filters, icon=":material/undo:"
    )
    for notice in st.session_state.get(_NOTICES, ()):
        # a notice quotes the link: shown as written, never as Markdown
        bar.caption(f":material/info: {escape_markdown(notice)}")
    current = Filters(
        countries=tuple(st.session_state[KEY_COUNTRIES]),
        years=tuple(int(y) for y in st.session_state[KEY_YEARS]),
        present=bool(st.session_state[KEY_PRESENT]),
    )
    st.session_state[_FILTERS] = current
    write_url(current)
    return current


def _leave_pages_folder_routing() -> None:
    """Streamlit treats a `pages/` folder beside app.py as old-style routing until st.navigation
    first runs in the process, so a cold deep link (/trade on a fresh server) runs the page file
    alone, without app.py and its sidebar. Switch the process over and rerun through app.py; the
    URL (path and query) is kept."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_filters() -> Filters:
    """The shared filters of this run (set by app.py; parsed from the URL if a page runs alone)."""
    _leave_pages_folder_routing()
    current = st.session_state.get(_FILTERS)
    if isinstance(current, Filters):
        return current
    parsed = filters.parse_query(_raw_query(), country_options(), year_bounds())
    return parsed.filters


def _bound(widget: Callable[..., Any], label: str, options: Sequence, key: str, **kw) -> Any:
    return widget(label, options, key=key, bind="query-params", **kw)


def _record(label: str, words: str, token: str) -> None:
    """Remember a page filter of this run (shown in the download caption, README, About sheet,
    citation and file names)."""
    st.session_state.setdefault(_CHOICES, {})[label] = filters.FilterChoice(label, words, token)


def page_choices() -> tuple[filters.FilterChoice, ...]:
    """Every active filter of this run in words: the shared countries and years, then each
    page filter drawn with the `sidebar_*` helpers, in the order the sidebar shows them."""
    shared = filters.shared_choices(page_filters(), country_names())
    return shared + tuple(st.session_state.get(_CHOICES, {}).values())


def sidebar_multiselect(
    label: str,
    options: Sequence,
    key: str,
    default: Sequence | None = None,
    format_func: Callable[[Any], str] = str,
    placeholder: str = "All",
    token_prefix: str = "",
    describes_rows: bool = True,
) -> list:
    """A page-specific multiselect in the sidebar, bound to the URL parameter `key`. Empty
    means all (the placeholder says so); `describes_rows=False` for a choice that does not
    narrow the rows (it is then left out of download captions and file names)."""
    chosen = _bound(
        st.sidebar.multiselect,
        label,
        options,
        key,
        default=default,
        format_func=format_func,
        placeholder=placeholder,
    )
    if describes_rows:
        words = ", ".join(format_func(v) for v in chosen) if chosen else placeholder.lower()
        changed = list(chosen) != list(default or [])
        _record(label, words, filters.file_token(chosen, token_prefix) if changed else "")
    return chosen


def _single(
    widget: Callable[..., Any],
    label: str,
    options: Sequence,
    key: str,
    default: Any,
    format_func: Callable[[Any], str],
    describes_rows: bool,
) -> Any:
    index = list(options).index(default) if default in list(options) else 0
    chosen = _bound(widget, label, options, key, index=index, format_func=format_func)
    if describes_rows and chosen is not None:
        changed = list(options) and chosen != list(options)[index]
        _record(label, format_func(chosen), filters.file_token([chosen]) if changed else "")
    return chosen


def sidebar_selectbox(
    label: str,
    options: Sequence,
    key: str,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    describes_rows: bool = True,
) -> Any:
    return _single(st.sidebar.selectbox, label, options, key, default, format_func, describes_rows)


def sidebar_radio(
    label: str,
    options: Sequence,
    key: str,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    describes_rows: bool = True,
) -> Any:
    return _single(st.sidebar.radio, label, options, key, default, format_func, describes_rows)


def pills(
    label: str,
    options: Sequence,
    key: str,
    default: Sequence | Any = None,
    multi: bool = True,
    format_func: Callable[[Any], str] = str,
) -> Any:
    """In-page pills (e.g. map layers) bound to the URL parameter `key`; visible to presenters."""
    return st.pills(
        label,
        options,
        selection_mode="multi" if multi else "single",
        default=default,
        key=key,
        format_func=format_func,
        bind="query-params",
    )


def annotations_toggle(key: str = "events") -> bool:
    """A "Show key events" switch for time-series charts, bound to the URL parameter `key`."""
    return st.toggle("Show key events", value=True, key=key, bind="query-params")


def section_tabs(labels: Sequence[str], key: str = "section") -> Sequence[Any]:
    """A page's analyses as tabs, the open one kept in the URL (`?section=<label>`). Draw a
    tab's content only when `tab.open`: a filter change then recomputes the open analysis
    alone, not every chart on the page."""
    return st.tabs(list(labels), key=key, bind="query-params")


def selectbox(
    label: str, options: Sequence, key: str, format_func: Callable[[Any], str] = str
) -> Any:
    """An in-page selectbox bound to the URL parameter `key` (first option by default)."""
    return _bound(st.selectbox, label, options, key, format_func=format_func)


def toggle(label: str, key: str, value: bool = False) -> bool:
    """An in-page switch bound to the URL parameter `key`."""
    return st.toggle(label, value=value, key=key, bind="query-params")


def year_slider(years: Sequence[int], key: str = "year", label: str = "Map year") -> int:
    """The one year a map shows, bound to the URL parameter `key` (the latest by default); no
    slider when there is only one year to show."""
    if len(years) == 1:
        return years[0]
    return st.select_slider(label, years, value=years[-1], key=key, bind="query-params")


@dataclass(frozen=True)
class MapOptions:
    """The map switches every map page offers (URL-bound, so a scene keeps them)."""

    basemap: bool = False
    provinces: bool = False
    camera: str = "data"


def map_options(tiles: bool = True) -> MapOptions:
    """Frame (fit to the data or a fixed stretch of land), provinces, the offline basemap; in
    one row under the map. `tiles`: whether the basemap tiles were built."""
    row = st.container(horizontal=True, gap="medium", vertical_alignment="center")
    with row:
        camera = st.pills(
            "Frame",
            list(CAMERAS),
            selection_mode="single",
            default="data",
            key="camera",
            format_func=CAMERAS.get,
            bind="query-params",
        )
        provinces = st.toggle("Provinces", key="provinces", bind="query-params")
        basemap = st.toggle(
            "OpenStreetMap basemap",
            key="basemap",
            bind="query-params",
            disabled=not tiles,
            help="Raster tiles served by this app itself, (c) OpenStreetMap contributors",
        )
    return MapOptions(bool(basemap) and tiles, bool(provinces), camera or "data")
