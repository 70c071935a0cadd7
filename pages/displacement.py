"""Displacement: refugees, returns, repatriations and hosts. Thin page: transforms in
dashboard_core.displacement, charts and figures in displacement_charts, the map in
displacement_map."""

import streamlit as st

from dashboard_core import displacement as dsp
from dashboard_core import displacement_charts as charts
from dashboard_core import flows
from dashboard_core.filters import Filters, apply_filters
from dashboard_core.ui import shell

SECTIONS = ("Stocks and flows over time", "Repatriation from Syria and Iraq", "Hosts compared")


@shell.cache_views
def _context(version: str) -> dsp.DisplacementContext:
    return dsp.page_context(*(shell.table(n) for n in ("displacement", "countries", "sources")))


@shell.cache_views
def _view(version: str, args: tuple) -> dsp.DisplacementView:
    ctx, rows = _context(version), shell.table("displacement")
    rows, population = (
        apply_filters(rows, "displacement", Filters(*args[:2])),
        shell.table("population"),
    )
    return dsp.build_view(rows, ctx.prepared, population, *args, ctx.names, ctx.sources)


@shell.cache_figures
def _map(version: str, selection: tuple, year: int, present: bool):
    """Keyed without the year range: the map of one year is the same whatever range holds it."""
    countries, types, direction = selection
    full = _view(version, (countries, shell.year_bounds(), types, direction))
    boundaries = shell.geojson("boundaries")
    return charts.map_figure(full, _context(version), year, boundaries, countries, present)


@shell.cache_figures
def _figure(kind: str, version: str, args: tuple, *extra):
    view, (countries, years, *rest) = _view(version, args), args
    if kind == "series":
        log, show_events, present = extra
        whole = _view(version, (countries, shell.year_bounds(), *rest))
        series = dsp.series_in_years(whole.series_for(log), years)
        span = flows.span_of(series, years)
        events = flows.key_events(
            shell.table("events"), countries, span, dsp.EVENT_CATEGORIES, prefer=("AFG",)
        )
        return charts.series_figure(series, events if show_events else None, log, present)
    if kind == "repatriation":
        return charts.repatriation_figure(view, *extra)
    return charts.hosts_figure(view, shell.table("population"), *extra)


f, version = shell.page_filters(), shell.data_version()
ctx = _context(version)
types = shell.sidebar_multiselect(
    "Population types", ctx.types, "types", dsp.default_types(ctx.types), dsp.type_label
)
direction = shell.sidebar_radio(
    "Direction", dsp.DIRECTIONS, "direction", format_func=dsp.DIRECTION_LABELS.get
)
st.sidebar.caption(dsp.DIRECTION_HELP)
shell.page_header("Displacement", dsp.INTRO)
args = (f.countries, f.years, tuple(types), direction)
view = _view(version, args)

st.subheader("Movement map")
if view.years:
    year = (
        st.select_slider(
            "Map year", view.years, value=view.years[-1], key="year", bind="query-params"
        )
        if (len(view.years) > 1)
        else view.years[0]
    )
    shell.show_figure(_map(version, (f.countries, *args[2:]), year, f.present), "movements")
else:
    shell.empty_notice("displacement figures of the chosen types and direction")

over_time, repatriation, hosts = shell.section_tabs(SECTIONS)
with over_time:
    if over_time.open and view.years:
        log = st.toggle("Logarithmic scale", key="log", bind="query-params")
        events = shell.annotations_toggle("events")
        shell.show_figure(_figure("series", version, args, log, events, f.present), "figures")
    elif over_time.open:
        shell.empty_notice("displacement figures of the chosen types and direction")
with repatriation:
    if repatriation.open:
        figure = _figure("repatriation", version, args, f.present)
        shell.show_figure(figure, "repatriation operations of the selected countries")
        if not view.operations.empty:
            operations = dsp.operations_display(view.operations)
            st.dataframe(operations, hide_index=True, width="stretch")
with hosts:
    if hosts.open and view.hosts.empty:
        shell.empty_notice("people hosted in the selected countries")
    elif hosts.open:
        per_1000 = st.toggle(
            "Per 1,000 inhabitants", value=True, key="per1000", bind="query-params"
        )
        figure = _figure("hosts", version, args, per_1000, f.present)
        shell.show_figure(figure, f"population figures for {view.hosts_year}")

st.subheader("Table")
if view.rows.empty:
    shell.empty_notice("displacement rows")
else:
    shell.show_table(view.rows, "displacement")
    shell.download_panel(view.rows, "displacement")
shell.cite_box()
