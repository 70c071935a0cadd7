"""The page-facing Streamlit API (see API.md): data access, shared filters, rendering helpers.

State model of the shared filters: the URL is read once, on the first run of a browser session
(a copied link always opens a new session). From then on the widgets' session state is the truth
and every run writes it back to the URL, so a page switch (which drops unbound query parameters)
and a filter change both leave the address bar showing the current view.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from dashboard_core import datasets, exports, filters, provenance
from dashboard_core.contract import FOCUS_ISO3
from dashboard_core.filters import Filters
from dashboard_core.ui import presenter, server

APP_TITLE = "Central Asia Monitor"
TABLE_PAGE_ROWS = 500  # rows per page of an on-screen table (downloads always hold every row)
FORMAT_LABELS = {"csv": "CSV", "xlsx": "Excel", "parquet": "Parquet", "geojson": "GeoJSON"}

# Session-state keys. The widget keys double as the URL parameter names.
KEY_COUNTRIES = filters.PARAM_COUNTRIES
KEY_YEARS = filters.PARAM_YEARS
KEY_PRESENT = filters.PARAM_PRESENT
_URL_READ = "_cam_url_read"
_NOTICES = "_cam_filter_notices"
_FILTERS = "_cam_filters"
_PAGE = "_cam_page"
# The shared filter is about the region: trading partners further away are reached through the
# region's countries (a row counts when either side is selected), not selected themselves.
SELECTABLE_GROUPS: tuple[str, ...] = ("focus", "neighbour")
GROUP_BUTTON_KEYS = {"Central Asia 5": "group-ca5", "CA5 + Afghanistan": "group-ca5-afg"}


# ---------------------------------------------------------------------------------------------
# Data access (cached; never mutate what these return)


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0


# Page-level caches for derived objects: read-only, shared by sessions, so a rerun with filters
# already seen rebuilds nothing. Each decorated function keeps its own cache.
cache_figures = st.cache_resource(show_spinner=False, max_entries=128)  # small figures
cache_views = st.cache_resource(show_spinner=False, max_entries=24)  # filtered tables


@st.cache_resource(show_spinner=False, max_entries=64)
def _cached_table(name: str, path: str, stamp: int) -> pd.DataFrame:
    return datasets.load_table(name, Path(path).parent)


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_geojson(name: str, path: str, stamp: int) -> dict:
    return datasets.load_geojson(name, Path(path).parent)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_package(path: str, stamp: int) -> dict:
    return datasets.load_datapackage(Path(path))


def _data_missing(error: Exception) -> None:
    st.error(f"The dashboard's data is not built yet. {error}", icon=":material/database:")
    st.stop()


def table(name: str) -> pd.DataFrame:
    """A clean table from data/clean, cached until its file changes. Treat it as read-only."""
    path = datasets.table_path(name)
    try:
        return _cached_table(name, str(path), _stamp(path))
    except datasets.DataNotBuiltError as error:
        _data_missing(error)
        raise  # unreachable: st.stop() ends the run


def tables(*names: str) -> dict[str, pd.DataFrame]:
    """Several cached tables at once: `shell.tables("trade", "countries")`."""
    return {name: table(name) for name in names}


def geojson(name: str) -> dict:
    """A clean GeoJSON layer (`boundaries`, `corridors`), cached. Treat it as read-only."""
    from dashboard_core import paths

    path = paths.clean_dir() / f"{name}.geojson"
    try:
        return _cached_geojson(name, str(path), _stamp(path))
    except datasets.DataNotBuiltError as error:
        _data_missing(error)
        raise


def datapackage() -> dict:
    from dashboard_core import paths

    path = paths.datapackage_path()
    try:
        return _cached_package(str(path), _stamp(path))
    except datasets.DataNotBuiltError as error:
        _data_missing(error)
        raise


def data_version() -> str:
    from dashboard_core import paths

    path = paths.datapackage_path()
    if not path.exists():
        return "unbuilt"
    return datasets.data_version(datapackage())


def build_time(name: str) -> datetime | None:
    """When a clean file was last written (the pipeline stamps no time inside the files)."""
    from dashboard_core import paths

    path = paths.clean_dir() / name
    stamp = _stamp(path)
    return datetime.fromtimestamp(stamp / 1e9, tz=UTC) if stamp else None


def build_times() -> dict[str, datetime | None]:
    """Last write time of every datapackage resource's file, keyed by resource name."""
    return {
        resource.get("name", ""): build_time(Path(resource.get("path", "")).name)
        for resource in datapackage().get("resources", [])
    }


@st.cache_resource(show_spinner=False, max_entries=4)
def _country_choices(stamp: int) -> tuple[tuple[str, ...], dict[str, str]]:
    try:
        countries = datasets.load_table("countries")
    except datasets.DataNotBuiltError:
        return FOCUS_ISO3, {}
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    rank = {group: i for i, group in enumerate(SELECTABLE_GROUPS)}
    offered = countries[countries["group"].isin(SELECTABLE_GROUPS)]
    offered = offered.assign(
        _focus=offered["iso3"].map({c: i for i, c in enumerate(FOCUS_ISO3)}).fillna(99),
        _group=offered["group"].map(rank),
    ).sort_values(["_group", "_focus", "name"])
    return tuple(offered["iso3"]), names


def country_options() -> tuple[str, ...]:
    """ISO3 codes the sidebar offers: the focus countries, then their neighbours."""
    return _country_choices(_stamp(datasets.table_path("countries")))[0]


def country_names() -> dict[str, str]:
    return _country_choices(_stamp(datasets.table_path("countries")))[1]


@st.cache_resource(show_spinner=False, max_entries=4)
def _bounds(stamp: tuple[int, ...]) -> tuple[int, int]:
    tables = {}
    for name in filters.YEAR_COLUMNS:
        try:
            tables[name] = datasets.load_table(name)
        except datasets.DataNotBuiltError:
            continue
    return filters.year_bounds(tables)


def year_bounds() -> tuple[int, int]:
    """Earliest and latest year across the fact tables (clamping range of the year filter)."""
    stamps = tuple(_stamp(datasets.table_path(n)) for n in filters.YEAR_COLUMNS)
    return _bounds(stamps)


# ---------------------------------------------------------------------------------------------
# Shared filters


def warm_caches(tables: Sequence[str], layers: Sequence[str]) -> None:
    """Load clean tables, GeoJSON layers and the sidebar's choices into the shared caches
    (run by the server's warm-up before the first visitor; safe to run at any time)."""
    for name in tables:
        table(name)
    for name in layers:
        geojson(name)
    datapackage()
    country_options()
    year_bounds()


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


def write_url(current: Filters) -> None:
    """Mirror the filters into the address bar, touching only parameters that differ."""
    wanted = filters.to_query(current)
    for key, values in wanted.items():
        if st.query_params.get_all(key) != values:
            st.query_params[key] = values
    if not current.present and KEY_PRESENT in st.query_params:
        del st.query_params[KEY_PRESENT]


def _labeller(names: Mapping[str, str]) -> Callable[[str], str]:
    def label(code: str) -> str:
        name = names.get(code)
        return f"{name} ({code})" if name else code

    return label


def sidebar_filters() -> Filters:
    """Draw the shared sidebar (countries, quick groups, years, presenter, reset), sync the URL
    and return the filters. Called once per run by app.py, before the page runs."""
    server.VISITOR.set()
    options = country_options()
    bounds = year_bounds()
    _read_url_once(options, bounds)
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
        bar.caption(f":material/info: {notice}")
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


def frame_page(page: Any, current: Filters) -> None:
    """Styling and bookkeeping for the page about to run (app.py calls this before page.run())."""
    st.session_state[_PAGE] = {"title": page.title, "url_path": page.url_path}
    st.html(presenter.BASE_CSS)
    if current.present:
        st.html(presenter.PRESENTER_CSS)


def sidebar_layout(current: Filters) -> dict[str, Any]:
    """`st.set_page_config` arguments that depend on the filters (presenter: sidebar collapsed)."""
    return {"initial_sidebar_state": "collapsed" if current.present else "auto"}


def nav_position(current: Filters) -> str:
    """Presenters get page links across the top (the sidebar is collapsed)."""
    return "top" if current.present else "sidebar"


def _bound(widget: Callable[..., Any], label: str, options: Sequence, key: str, **kw) -> Any:
    return widget(label, options, key=key, bind="query-params", **kw)


def sidebar_multiselect(
    label: str,
    options: Sequence,
    key: str,
    default: Sequence | None = None,
    format_func: Callable[[Any], str] = str,
) -> list:
    """A page-specific multiselect in the sidebar, bound to the URL parameter `key`."""
    return _bound(
        st.sidebar.multiselect, label, options, key, default=default, format_func=format_func
    )


def sidebar_selectbox(
    label: str,
    options: Sequence,
    key: str,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
) -> Any:
    index = list(options).index(default) if default in list(options) else 0
    return _bound(st.sidebar.selectbox, label, options, key, index=index, format_func=format_func)


def sidebar_radio(
    label: str,
    options: Sequence,
    key: str,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
) -> Any:
    index = list(options).index(default) if default in list(options) else 0
    return _bound(st.sidebar.radio, label, options, key, index=index, format_func=format_func)


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


# ---------------------------------------------------------------------------------------------
# Rendering


def _presenting() -> bool:
    return page_filters().present


def page_header(title: str, intro: str = "") -> None:
    st.title(title)
    if intro:
        st.markdown(intro)


def empty_notice(what: str) -> None:
    """Say in words that nothing matches (instead of an empty chart or table)."""
    st.info(f"No {what} for the current filters. Widen the years or add countries.", icon="🔎")


def _sources_caption(rows: pd.DataFrame | Sequence[str] | None) -> str:
    if rows is None:
        return ""
    return provenance.source_caption(rows, table("sources"))


def show_chart(chart: alt.TopLevelMixin, sources_df: pd.DataFrame | Sequence[str]) -> None:
    """Draw an Altair chart full width, then a caption naming the sources of `sources_df` (the
    rows the chart draws from, with `source_id` and `verification`; or a list of source ids)."""
    if _presenting():
        chart = presenter.presenter_chart(chart)
    _skip_schema_validation(chart)
    st.altair_chart(chart, width="stretch")
    st.caption(_sources_caption(sources_df))


def _skip_schema_validation(chart: alt.TopLevelMixin) -> None:
    """Altair checks the whole spec against the Vega-Lite JSON schema on every to_dict(), which
    costs several times the conversion itself on each rerun. The unit tests validate every chart
    spec; on screen Streamlit's conversion skips the check."""
    unvalidated = functools.partial(type(chart).to_dict, chart, validate=False)
    object.__setattr__(chart, "to_dict", unvalidated)


def legend_chips(items: Sequence[tuple[str, str]]) -> None:
    """A row of colour chips: (label, CSS colour)."""
    chips = "".join(
        f'<span><span class="chip" style="background:{html.escape(colour)}"></span>'
        f"{html.escape(label)}</span>"
        for label, colour in items
    )
    st.html(f'<div class="cam-legend">{chips}</div>')


# pydeck's "no style chosen" value. Streamlit's frontend draws no basemap for it, but for a
# missing style (map_style=None) it injects a CARTO basemap fetched from the internet.
PYDECK_NO_STYLE = "__MAP_STYLE__"


def _keep_offline(deck: pdk.Deck) -> None:
    if getattr(deck, "map_provider", None) is None and getattr(deck, "map_style", None) is None:
        deck.map_style = PYDECK_NO_STYLE


class CompactDeck:
    """A Deck whose JSON is compact. pydeck serialises with indent=2, which forces Python's slow
    pure-Python JSON encoder and pads the page payload; the C encoder is ~10x faster."""

    def __init__(self, deck: pdk.Deck) -> None:
        self._deck = deck

    def to_json(self) -> str:
        return json.dumps(
            self._deck, sort_keys=True, default=default_serialize, separators=(",", ":")
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._deck, name)


def show_deck(
    deck: pdk.Deck,
    sources_df: pd.DataFrame | Sequence[str],
    height: int | None = None,
    legend: str | Sequence[tuple[str, str]] | None = None,
) -> None:
    """Draw an offline deck full width (taller for presenters), its legend and a source caption.
    `legend` is Markdown/HTML text or (label, colour) pairs."""
    _keep_offline(deck)
    st.pydeck_chart(
        CompactDeck(deck), height=height or (680 if _presenting() else 520), width="stretch"
    )
    if isinstance(legend, str):
        st.markdown(legend, unsafe_allow_html=True)
    elif legend:
        legend_chips(legend)
    st.caption(_sources_caption(sources_df))


def lazy_expander(label: str, key: str, icon: str | None = None) -> Any:
    """An expander whose content is drawn only once it is opened (`if box.open:`, which
    reruns the page): closed, it costs the page nothing, neither data nor the browser scripts
    of what it holds (the code viewer alone is 1.5 MB)."""
    return st.expander(label, key=key, icon=icon, on_change="rerun")


def show_figure(figure: Any, empty: str = "figures") -> None:
    """A core `Figure` (chart or deck, its source rows, caption, legend): drawn with its source
    caption and the words under it; None says in words that nothing matches."""
    if figure is None:
        empty_notice(empty)
        return
    if figure.is_deck:
        show_deck(figure.chart, figure.sources, legend=figure.legend)
    else:
        show_chart(figure.chart, figure.sources)
    if figure.caption:
        st.caption(figure.caption)


def show_table(df: pd.DataFrame, dataset: str, key: str | None = None) -> None:
    """The rows as a table, `verification` first and flagged; long tables are paged on screen
    (the download buttons always hold every row)."""
    pages = max(1, -(-len(df) // TABLE_PAGE_ROWS))
    page_no = 1
    if pages > 1:
        st.caption(
            f"{len(df):,} rows, shown {TABLE_PAGE_ROWS} per page; downloads hold all of them."
        )
        page_no = st.pagination(pages, key=key or f"page-{dataset}")
    start = (page_no - 1) * TABLE_PAGE_ROWS
    # Only the rows on screen get their display labels (the whole table may hold 10,000+).
    shown = provenance.flag_verification(df.iloc[start : start + TABLE_PAGE_ROWS])
    shown = shown.reset_index(drop=True)
    config = {
        "verification": st.column_config.TextColumn(
            "verification",
            pinned=True,
            help="Official release · Verified in source document · ⚠ Reported (source not at "
            "hand: check before quoting)",
        )
    }
    if "verification" not in shown.columns:
        config = {}
    for column in shown.columns:  # the data are dates, not timestamps
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            config[column] = st.column_config.DateColumn(column, format="YYYY-MM-DD")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config=config or None,
    )


def _headline_lines(item: Any) -> str:
    lines = []
    for line in item.lines:
        text = f"- {line.label}: **{line.value}**"
        if line.year and line.year != item.period:
            text += f" ({line.year})"
        if line.verification == provenance.REPORTED:
            text += " ⚠"
        if line.note:
            text += f"  \n  <small>{html.escape(line.note)}</small>"
        lines.append(text)
    return "\n".join(lines)


def show_headlines(items: Sequence[Any]) -> None:
    """Headline cards (`overview.Headline`): figure, its year, breakdown lines, sources. A figure
    without a single number (`number is None`) shows its lines only."""
    sources = table("sources")
    columns = st.columns(len(items)) if items else []
    for column, item in zip(columns, items, strict=True):
        with column.container(border=True, height="stretch", key=f"headline-{item.key}"):
            st.markdown(f"**{item.title}**", help=item.note or None)
            if item.number is not None:
                # not st.metric: it cuts long numbers ("1,947…") in narrow columns
                st.markdown(
                    f'<div class="cam-figure">{html.escape(item.value)}</div>',
                    unsafe_allow_html=True,
                )
            st.caption(f"**{item.period}**")
            if item.lines:
                st.markdown(_headline_lines(item), unsafe_allow_html=True)
            elif item.number is None:
                st.markdown("No figure for these filters.")
            st.caption(provenance.source_caption(item.rows, sources, max_named=2))


def current_view_url() -> str:
    """The address of this view: the page URL plus the canonical filters and page parameters."""
    page = st.session_state.get(_PAGE, {})
    base = st.context.url or f"http://localhost:8501/{page.get('url_path', '')}"
    query: dict[str, list[str]] = {k: st.query_params.get_all(k) for k in st.query_params}
    query.update(filters.to_query(page_filters()))
    return provenance.view_url(base, query)


FULL_DATASET = "none: the full dataset"


def download_panel(
    df: pd.DataFrame, dataset: str, geojson: Mapping | None = None, filtered: bool = True
) -> None:
    """CSV, Excel, Parquet (and GeoJSON when given) of exactly these rows, keyed
    `dl-<dataset>-<format>`. Files are built only when their button is clicked. Pass
    `filtered=False` for a full, unfiltered dataset (the About sheet then says so)."""
    current = page_filters()
    rows = df.reset_index(drop=True)
    sources = table("sources")
    url = current_view_url()
    scope = current.describe() if filtered else FULL_DATASET
    version = data_version()

    def xlsx() -> bytes:
        about = exports.about_rows(dataset, scope, version, len(rows), view_url=url)
        return exports.to_xlsx_bytes(rows, sources, about, data_sheet=dataset)

    builders: dict[str, Callable[[], bytes]] = {
        "csv": lambda: exports.to_csv_bytes(rows),
        "xlsx": xlsx,
        "parquet": lambda: exports.to_parquet_bytes(rows),
    }
    if geojson is not None:
        builders["geojson"] = lambda: exports.to_geojson_bytes(geojson)
    what = f"exactly as filtered ({scope})" if filtered else "the full dataset, no filters"
    st.caption(
        f"Download {len(rows):,} {dataset} rows, {what}. "
        "Excel adds a Sources sheet (with licences) and an About sheet."
    )
    columns = st.columns(len(builders))
    years = current.years if filtered else None
    countries = current.countries if filtered else ()
    for column, (fmt, build) in zip(columns, builders.items(), strict=True):
        column.download_button(
            FORMAT_LABELS[fmt],
            data=build,
            file_name=exports.file_name(dataset, years, fmt, countries),
            mime=exports.MIME_TYPES[fmt],
            key=f"dl-{dataset}-{fmt}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


def cite_box() -> None:
    """ "Cite this view": a citation with the URL of the current view and the data version."""
    box = lazy_expander("Cite this view", "cite", icon=":material/format_quote:")
    with box:
        if box.open:
            page = st.session_state.get(_PAGE, {"title": APP_TITLE})
            text = provenance.citation_text(
                page.get("title", APP_TITLE),
                current_view_url(),
                data_version(),
                page_filters().describe(),
                datetime.now(UTC).date(),
            )
            st.code(text, language=None, wrap_lines=True)
            st.caption("The link reopens this page with the same filters.")
