"""Displacement: refugees, returns, repatriations and hosts. The movement map, then in tabs the
stocks and flows over time, repatriation operations and hosts compared, then the table.
Transforms and charts live in dashboard_core.displacement."""

import streamlit as st

from dashboard_core.displacement import charts, headline, transforms
from dashboard_core.displacement.transforms import (
    DisplacementContext,
    DisplacementSelection,
    DisplacementView,
)
from dashboard_core.ui import display, downloads, frame, imports, loaders, state
from dashboard_core.viz.charts import Figure

SECTIONS = ("Stocks and flows over time", "Repatriation from Syria and Iraq", "Hosts compared")
NOTHING_CHOSEN = "displacement figures of the chosen types and direction"


@loaders.cache_views
def _context(version: str) -> DisplacementContext:
    tables = imports.tables("displacement", "countries", "sources")
    return transforms.page_context(*tables.values())


@loaders.cache_views
def _view(version: str, selection: DisplacementSelection) -> DisplacementView:
    rows, population = imports.table("displacement"), imports.table("population")
    return transforms.view_for(rows, population, _context(version), selection)


@loaders.cache_figures
def _movement_map(
    version: str, whole: DisplacementSelection, year: int, present: bool, options: state.MapOptions
) -> Figure:
    """`whole`: the selection over every year, so that the map of one year is cached whatever
    range holds it."""
    view, ctx = _view(version, whole), _context(version)
    map_ctx = loaders.map_context(options.basemap, options.provinces)
    return charts.map_figure(view, ctx, year, map_ctx, whole.countries, present, options.camera)


@loaders.cache_figures
def _series(
    version: str, selection: DisplacementSelection, log: bool, show_events: bool, present: bool
) -> Figure | None:
    whole = _view(version, selection.over(imports.year_bounds()))
    series, events = transforms.series_with_events(whole, loaders.table("events"), selection, log)
    others = _view(version, selection).others
    return charts.series_figure(series, events if show_events else None, log, present, others)


@loaders.cache_figures
def _repatriation(version: str, selection: DisplacementSelection, present: bool):
    return charts.repatriation_figure(_view(version, selection), present)


@loaders.cache_figures
def _hosts(version: str, selection: DisplacementSelection, per_1000: bool, present: bool):
    view = _view(version, selection)
    return charts.hosts_figure(view, imports.table("population"), per_1000, present)


def choose(ctx: DisplacementContext, shared) -> DisplacementSelection:
    """The page's own sidebar filters (population types, direction, the other side) on top of
    the shared ones."""
    types = state.sidebar_multiselect(
        "Population types",
        ctx.types,
        "types",
        transforms.default_types(ctx.types),
        transforms.type_label,
    )
    direction = state.sidebar_radio(
        "Direction",
        transforms.DIRECTIONS,
        "direction",
        format_func=transforms.DIRECTION_LABELS.get,
    )
    st.sidebar.caption(transforms.DIRECTION_HELP)
    label, key, prefix = transforms.COUNTERPART_FILTERS[direction]
    options = ctx.origins if direction == "hosted" else ctx.locations
    others = state.sidebar_multiselect(
        label, options, key, [], state.country_label(ctx.names), token_prefix=prefix
    )
    return DisplacementSelection(
        shared.countries, shared.years, tuple(types), direction, tuple(others)
    )


def headline_figures(selection: DisplacementSelection) -> None:
    tables = imports.tables("displacement", "sources")
    figures = headline.headline_figures(
        tables, selection.countries, selection.years, ctx.names, tables["sources"]
    )
    if figures.empty:
        return
    st.subheader("Headline figures")
    display.caption(headline.HEADLINE_NOTE)
    display.show_table(figures, "indicators", key="page-figures", hide=("source_id",))


@display.needs_data
def movement_map(view: DisplacementView, selection: DisplacementSelection, present: bool) -> None:
    if not present:
        st.subheader("Movement map")
    if not view.years:
        display.empty_notice(NOTHING_CHOSEN)
        return
    map_area, controls = display.map_first(present)
    with controls:
        year = state.year_slider(view.years)
        options = state.map_options(loaders.tiles_available())
    whole = selection.over(imports.year_bounds())
    with map_area:
        display.show_figure(_movement_map(version, whole, year, present, options), "movements")


@display.needs_data
def over_time(view: DisplacementView, selection: DisplacementSelection, present: bool) -> None:
    if not view.years:
        display.empty_notice(NOTHING_CHOSEN)
        return
    log = state.toggle("Logarithmic scale", "log")
    show_events = state.annotations_toggle("events")
    display.show_figure(
        _series(version, selection, log, show_events, present), "figures", "over-time"
    )


@display.needs_data
def repatriation(view: DisplacementView, selection: DisplacementSelection, present: bool) -> None:
    figure = _repatriation(version, selection, present)
    display.show_figure(figure, "repatriation operations of the selected countries", "repatriation")
    if not view.operations.empty:
        operations = transforms.operations_display(view.operations)
        display.show_table(operations, "operations")


@display.needs_data
def hosts_compared(view: DisplacementView, selection: DisplacementSelection, present: bool) -> None:
    if view.hosts.empty:
        display.empty_notice("people hosted in the selected countries")
        return
    per_1000 = state.toggle("Per 1,000 inhabitants", "per1000", value=True)
    figure = _hosts(version, selection, per_1000, present)
    display.show_figure(figure, f"population figures for {view.hosts_year}", "hosts")


@display.needs_data
def table(view: DisplacementView) -> None:
    st.subheader("Table")
    if view.rows.empty:
        display.empty_notice("displacement rows")
        return
    display.show_table(view.rows, "displacement")
    downloads.download_panel(view.rows, "displacement")


shared, version = state.page_filters(), imports.data_version()
frame.page_header("Displacement", transforms.INTRO)
ctx = _context(version)  # without its tables the page says so here
selection = choose(ctx, shared)
view = _view(version, selection)


@frame.fragment
def analyses(view: DisplacementView, selection: DisplacementSelection, present: bool) -> None:
    """The tabs, in a fragment: opening another tab reruns them alone, not the map above."""
    tab_over_time, tab_repatriation, tab_hosts = state.section_tabs(SECTIONS)
    with tab_over_time:
        if tab_over_time.open:
            over_time(view, selection, present)
    with tab_repatriation:
        if tab_repatriation.open:
            repatriation(view, selection, present)
    with tab_hosts:
        if tab_hosts.open:
            hosts_compared(view, selection, present)


# Presenters get the map first, the figures under it.
if not shared.present:
    headline_figures(selection)
movement_map(view, selection, shared.present)
if shared.present:
    headline_figures(selection)
analyses(view, selection, shared.present)
table(view)
downloads.cite_box()
