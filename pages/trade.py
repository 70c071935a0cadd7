"""Trade: flows between the selected countries and their partners. Thin page: transforms in
dashboard_core.trade, charts and figures in trade_charts, the map in trade_map."""

import streamlit as st

from dashboard_core import flows, trade
from dashboard_core import trade_charts as charts
from dashboard_core.filters import Filters, apply_filters
from dashboard_core.ui import shell

SECTIONS = ("Over time", "Partner structure", "Countries compared", "Mirror view")


@shell.cache_views
def _context(version: str) -> trade.TradeContext:
    return trade.page_context(*(shell.table(n) for n in ("trade", "countries", "sources")))


@shell.cache_views
def _view(version: str, args: tuple) -> trade.TradeView:
    ctx, rows = _context(version), shell.table("trade")
    rows = apply_filters(rows, "trade", Filters(args[0], args[1]))
    return trade.build_view(rows, ctx.annual, *args, ctx.names, ctx.sources)


@shell.cache_figures
def _map(version: str, selection: tuple, year: int, present: bool):
    """Keyed without the year range: the map of one year is the same whatever range holds it."""
    countries, partners, flow, measures = selection
    full = _view(version, (countries, shell.year_bounds(), partners, flow, measures))
    boundaries = shell.geojson("boundaries")
    return charts.map_figure(full, _context(version), flow, year, boundaries, countries, present)


@shell.cache_figures
def _figure(kind: str, version: str, args: tuple, *extra):
    view, ctx, (countries, years, _, flow, _) = _view(version, args), _context(version), args
    if kind == "series":
        log, show_events, present = extra
        span = flows.span_of(view.series_for(log).frame, years)
        events = flows.key_events(shell.table("events"), countries, span, trade.EVENT_CATEGORIES)
        return charts.series_figure(view, events if show_events else None, log, present)
    if kind == "structure":
        return charts.structure_figures(view.period, extra[0], flow, ctx.names, extra[1])
    if kind == "comparison":
        return charts.comparison_figure(view, *extra)
    return charts.mirror_figure(view, ctx, flow, *extra)


def _url(widget, label, options, key, **kw):
    return widget(label, options, key=key, bind="query-params", **kw)


f, version = shell.page_filters(), shell.data_version()
ctx = _context(version)
partners = shell.sidebar_multiselect(
    "Partners (none = all; focus, neighbours, EU, others)",
    ctx.partners,
    "partners",
    [],
    lambda c: trade.partner_label(c, ctx.names),
)
flow = shell.sidebar_radio("Flow", trade.FLOWS, "flow", format_func=trade.FLOW_LABELS.get)
st.sidebar.caption(trade.FLOW_HELP)
measures = shell.sidebar_multiselect(
    "Measure", trade.MEASURES, "measure", list(trade.MEASURES), trade.MEASURE_LABELS.get
)
shell.page_header("Trade", trade.INTRO)
args = (f.countries, f.years, tuple(partners), flow, tuple(measures))
view = _view(version, args)
if view.rows.empty:
    shell.empty_notice(f"{trade.FLOW_LABELS[flow].lower()} figures")
    st.stop()

st.subheader("Flow map")
if not view.years:
    shell.empty_notice("observed figures to map")
else:
    year = (
        _url(st.select_slider, "Map year", view.years, "year", value=view.years[-1])
        if (len(view.years) > 1)
        else view.years[0]
    )
    shell.show_figure(_map(version, (f.countries, *args[2:]), year, f.present))

over_time, structure, compared, mirror = shell.section_tabs(SECTIONS)
with over_time:
    if over_time.open:
        log = st.toggle("Logarithmic scale", key="log", bind="query-params")
        events = shell.annotations_toggle("events")
        shell.show_figure(_figure("series", version, args, log, events, f.present))
with structure:
    if structure.open and not view.reporters:
        st.info(trade.NO_STRUCTURE)
    elif structure.open:
        reporter = _url(
            st.selectbox, "Reporter", view.reporters, "reporter", format_func=ctx.names.get
        )
        pair = _figure("structure", version, args, reporter, f.present)
        if pair is None:
            shell.empty_notice("figures of this reporter for this flow")
        for column, figure in zip(st.columns(2) if pair else (), pair or (), strict=True):
            with column:
                shell.show_figure(figure)
with compared:
    if compared.open:
        st.markdown(f"**{trade.COMPARISON_TITLE}**")
        figure = _figure("comparison", version, args, f.present)
        shell.show_figure(figure, "trade with these counterparts")
        st.caption(trade.comparison_note(view.comparison_missing))
with mirror:
    if mirror.open and view.mirrors.empty:
        st.info(trade.NO_MIRROR)
    elif mirror.open:
        st.markdown(f"**{trade.MIRROR_TITLE}**")
        labels = dict(zip(view.mirrors["pair_key"], view.mirrors["label"], strict=True))
        key = _url(
            st.selectbox, "Flow reported twice", list(labels), "mirror", format_func=labels.get
        )
        shell.show_figure(_figure("mirror", version, args, key, f.present))

st.subheader("Table")
st.caption(trade.table_note(view.no_usd))
shell.show_table(view.rows, "trade")
shell.download_panel(view.rows, "trade")
shell.cite_box()
