"""Displacement: refugees, returns, repatriations and hosts. Thin page: transforms in
dashboard_core.displacement, charts and figures in displacement_charts, the map in
displacement_map."""

import streamlit as st

from dashboard_core import displacement as dsp
from dashboard_core import displacement_charts as charts
from dashboard_core import flows
from dashboard_core.filters import Filters, apply_filters
from dashboard_core.ui import shell


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
    return dsp.build_view(
        rows, ctx.prepared, population, *args[:-1], ctx.names, ctx.sources, args[-1]
    )


@shell.cache_figures
def _figure(kind: str, version: str, args: tuple, *extra):
    view, ctx, (countries, years, *_, log) = _view(version, args), _context(version), args
    if kind == "map":
        return charts.map_figure(
            view, ctx, extra[0], shell.geojson("boundaries"), countries, extra[1]
        )
    if kind == "series":
        span = flows.span_of(view.series, years)
        events = flows.key_events(
            shell.table("events"), countries, span, dsp.EVENT_CATEGORIES, prefer=("AFG",)
        )
        return charts.series_figure(view, events if extra[0] else None, log, extra[1])
    if kind == "repatriation":
        return charts.repatriation_figure(view, *extra)
    return charts.hosts_figure(view, shell.table("population"), *extra)


def _show(figure, empty: str) -> None:
    if figure is None:
        shell.empty_notice(empty)
    elif figure.is_deck:
        shell.show_deck(figure.chart, figure.sources, legend=figure.legend)
    else:
        shell.show_chart(figure.chart, figure.sources)
    if figure is not None and figure.caption:
        st.caption(figure.caption)


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
log = st.toggle("Logarithmic scale", key="log", bind="query-params")
args = (f.countries, f.years, tuple(types), direction, log)
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
    _show(_figure("map", version, args, year, f.present), "movements")
    st.subheader("Stocks and flows over time")
    _show(
        _figure("series", version, args, shell.annotations_toggle("events"), f.present), "figures"
    )
else:
    shell.empty_notice("displacement figures of the chosen types and direction")

st.subheader("Repatriation from Syria and Iraq")
_show(
    _figure("repatriation", version, args, f.present),
    "repatriation operations of the selected countries",
)
if not view.operations.empty:
    st.dataframe(dsp.operations_display(view.operations), hide_index=True, width="stretch")

st.subheader("Hosts compared")
if view.hosts.empty:
    shell.empty_notice("people hosted in the selected countries")
else:
    per_1000 = st.toggle("Per 1,000 inhabitants", value=True, key="per1000", bind="query-params")
    _show(
        _figure("hosts", version, args, per_1000, f.present),
        f"population figures for {view.hosts_year}",
    )

st.subheader("Table")
if view.rows.empty:
    shell.empty_notice("displacement rows")
else:
    shell.show_table(view.rows, "displacement")
    shell.download_panel(view.rows, "displacement")
shell.cite_box()
